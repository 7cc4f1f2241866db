// Sorted run files written by checkpoints: entries (key, value or tombstone,
// commit ts) sorted by key, then a footer [u32 entry count][u32 body length]
// [u32 CRC32C of the body]. Contract: decodeRun(encodeRun(e)) = e sorted; a run
// whose footer does not match its body is refused with the path and the cause.
import { ByteReader, ByteWriter } from "./byte-codec.js";
import { crc32c } from "./crc32c.js";
import { CorruptFileError } from "./durability-errors.js";

export interface RunEntry {
  readonly key: string;
  /** null: a tombstone, hiding older runs' value. */
  readonly value: string | null;
  readonly commitTs: number;
}

const FOOTER_BYTES = 12;

function byKey(a: RunEntry, b: RunEntry): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

export function encodeRun(entries: Iterable<RunEntry>): Uint8Array {
  const sorted = [...entries].sort(byKey);
  const w = new ByteWriter();
  for (const e of sorted) {
    w.str(e.key).u8(e.value === null ? 0 : 1);
    if (e.value !== null) w.str(e.value);
    w.num(e.commitTs);
  }
  const bodyLen = w.length;
  const body = w.finish();
  return new ByteWriter().bytes(body).u32(sorted.length).u32(bodyLen).u32(crc32c(body)).finish();
}

export function decodeRun(path: string, bytes: Uint8Array): RunEntry[] {
  if (bytes.length < FOOTER_BYTES) throw new CorruptFileError(path, `run file of ${bytes.length} bytes has no footer`);
  const foot = new ByteReader(bytes, bytes.length - FOOTER_BYTES);
  const count = foot.u32();
  const bodyLen = foot.u32();
  const crc = foot.u32();
  if (bodyLen !== bytes.length - FOOTER_BYTES) {
    throw new CorruptFileError(path, `footer says body of ${bodyLen} bytes, file has ${bytes.length - FOOTER_BYTES}`);
  }
  if (crc32c(bytes, 0, bodyLen) !== crc) throw new CorruptFileError(path, "footer checksum mismatch");
  const r = new ByteReader(bytes, 0, bodyLen);
  const out: RunEntry[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const key = r.str();
      const value = r.u8() === 0 ? null : r.str();
      out.push({ key, value, commitTs: r.num() });
    }
  } catch (e) {
    throw new CorruptFileError(path, `entry ${out.length}: ${(e as Error).message}`);
  }
  if (r.remaining !== 0) throw new CorruptFileError(path, `${r.remaining} bytes after ${count} entries`);
  return out;
}
