// WAL segment files: `<dir>/wal-<first seq, 16 digits>.log`, one per epoch of
// sequence numbers, and reading one back as frames. Contract: a segment is read
// up to its first bad frame (torn or corrupt); nothing after it is returned, and
// the cut is reported so recovery can say what it dropped.
import type { Files, Gen } from "../ports.js";
import { decodeFrame, type WalRecord } from "./wal-record.js";

const SEGMENT_RE = /^wal-(\d{16})\.log$/;
/** Reads are chunked so recovery time in steps grows with the WAL length. */
export const READ_CHUNK_BYTES = 1 << 16;

export function pad16(n: number): string {
  return String(n).padStart(16, "0");
}

export function segmentPath(dir: string, firstSeq: number): string {
  return `${dir}/wal-${pad16(firstSeq)}.log`;
}

/** The segments in `dir` (names from `list`), by first seq ascending. */
export function segmentsIn(dir: string, names: readonly string[]): { path: string; firstSeq: number }[] {
  const out: { path: string; firstSeq: number }[] = [];
  for (const n of names) {
    const m = SEGMENT_RE.exec(n);
    if (m) out.push({ path: `${dir}/${n}`, firstSeq: Number(m[1]) });
  }
  return out.sort((a, b) => a.firstSeq - b.firstSeq);
}

/** Reads a whole file in chunks (one step each). */
export function* readWhole(files: Files, path: string, label: string): Gen<Uint8Array> {
  const size = yield* files.size(path, label);
  const out = new Uint8Array(size);
  for (let at = 0; at < size; at += READ_CHUNK_BYTES) {
    const chunk = yield* files.read(path, at, Math.min(READ_CHUNK_BYTES, size - at), label);
    out.set(chunk, at);
  }
  return out;
}

export interface SegmentContents {
  readonly records: WalRecord[];
  /** Bytes of good frames; the file's length if nothing was cut. */
  readonly goodBytes: number;
  readonly totalBytes: number;
  /** Why the tail was cut, if it was. */
  readonly cut?: string;
}

/** Decodes frames until the first bad one; `checked` false is the torn-wal-tail-accepted defect. */
export function decodeSegment(bytes: Uint8Array, checked: boolean): SegmentContents {
  const records: WalRecord[] = [];
  let at = 0;
  while (at < bytes.length) {
    const f = decodeFrame(bytes, at, checked);
    if (!f.ok) return { records, goodBytes: at, totalBytes: bytes.length, cut: f.reason };
    records.push(f.record);
    at = f.next;
  }
  return { records, goodBytes: Math.min(at, bytes.length), totalBytes: bytes.length };
}
