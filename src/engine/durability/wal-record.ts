// WAL records and their framing. A frame is [u32 payload length][u32 CRC32C of
// the payload][payload]; the payload starts with a type byte. A transaction of
// one write is one self-committing Put or Delete (it carries the commit ts); a
// larger one is a Batch followed by a Commit carrying the count of writes; all
// records of a transaction share its sequence number.
// Contract: decodeFrame(encodeFrame(r)) = r; any torn or flipped byte makes the
// frame (or a later one) fail its length/CRC check.
import { ByteReader, ByteWriter } from "./byte-codec.js";
import { crc32c } from "./crc32c.js";

export interface KeyWrite {
  readonly key: string;
  /** null deletes the key. */
  readonly value: string | null;
}

export type WalRecord =
  | { readonly type: "put"; readonly seq: number; readonly txnId: number; readonly commitTs: number; readonly key: string; readonly value: string }
  | { readonly type: "delete"; readonly seq: number; readonly txnId: number; readonly commitTs: number; readonly key: string }
  | { readonly type: "batch"; readonly seq: number; readonly txnId: number; readonly writes: readonly KeyWrite[] }
  | { readonly type: "commit"; readonly seq: number; readonly txnId: number; readonly commitTs: number; readonly writeCount: number };

const TYPE_CODE = { put: 1, delete: 2, batch: 3, commit: 4 } as const;
export const FRAME_HEADER_BYTES = 8;
/** Frames longer than this are treated as corrupt (a flipped length byte). */
export const FRAME_PAYLOAD_MAX_BYTES = 1 << 24;

function encodePayload(r: WalRecord): Uint8Array {
  const w = new ByteWriter().u8(TYPE_CODE[r.type]).num(r.seq).num(r.txnId);
  switch (r.type) {
    case "put":
      w.num(r.commitTs).str(r.key).str(r.value);
      break;
    case "delete":
      w.num(r.commitTs).str(r.key);
      break;
    case "batch":
      w.u32(r.writes.length);
      for (const x of r.writes) {
        w.str(x.key).u8(x.value === null ? 0 : 1);
        if (x.value !== null) w.str(x.value);
      }
      break;
    case "commit":
      w.num(r.commitTs).u32(r.writeCount);
      break;
  }
  return w.finish();
}

function decodePayload(r: ByteReader): WalRecord {
  const code = r.u8();
  const seq = r.num();
  const txnId = r.num();
  switch (code) {
    case TYPE_CODE.put: {
      const commitTs = r.num();
      const key = r.str();
      return { type: "put", seq, txnId, commitTs, key, value: r.str() };
    }
    case TYPE_CODE.delete: {
      const commitTs = r.num();
      return { type: "delete", seq, txnId, commitTs, key: r.str() };
    }
    case TYPE_CODE.batch: {
      const n = r.u32();
      if (n > r.remaining) throw new RangeError(`batch of ${n} writes in ${r.remaining} bytes`);
      const writes: KeyWrite[] = [];
      for (let i = 0; i < n; i++) {
        const key = r.str();
        writes.push({ key, value: r.u8() === 0 ? null : r.str() });
      }
      return { type: "batch", seq, txnId, writes };
    }
    case TYPE_CODE.commit:
      return { type: "commit", seq, txnId, commitTs: r.num(), writeCount: r.u32() };
    default:
      throw new RangeError(`unknown record type ${code}`);
  }
}

export function encodeFrame(r: WalRecord): Uint8Array {
  const payload = encodePayload(r);
  const out = new ByteWriter().u32(payload.length).u32(crc32c(payload)).bytes(payload);
  return out.finish();
}

/** The frames of one committed transaction, in log order. */
export function encodeTxn(seq: number, txnId: number, commitTs: number, writes: readonly KeyWrite[]): Uint8Array {
  const recs: WalRecord[] = [];
  if (writes.length === 1) {
    const x = writes[0]!;
    recs.push(
      x.value === null
        ? { type: "delete", seq, txnId, commitTs, key: x.key }
        : { type: "put", seq, txnId, commitTs, key: x.key, value: x.value },
    );
  } else {
    recs.push({ type: "batch", seq, txnId, writes });
    recs.push({ type: "commit", seq, txnId, commitTs, writeCount: writes.length });
  }
  const w = new ByteWriter();
  for (const r of recs) w.bytes(encodeFrame(r));
  return w.finish();
}

export type FrameResult =
  | { readonly ok: true; readonly record: WalRecord; readonly next: number }
  | { readonly ok: false; readonly reason: string };

/**
 * Decodes the frame at `at`. With `checked` false (the torn-wal-tail-accepted
 * defect) the CRC is not compared and a short payload is read as far as it goes.
 */
export function decodeFrame(buf: Uint8Array, at: number, checked = true): FrameResult {
  if (buf.length - at < FRAME_HEADER_BYTES) return { ok: false, reason: `torn frame header at byte ${at}` };
  const head = new ByteReader(buf, at);
  const len = head.u32();
  const crc = head.u32();
  const start = at + FRAME_HEADER_BYTES;
  if (checked) {
    if (len === 0 || len > FRAME_PAYLOAD_MAX_BYTES) return { ok: false, reason: `bad frame length ${len} at byte ${at}` };
    if (start + len > buf.length) return { ok: false, reason: `torn frame at byte ${at}: ${len} bytes announced, ${buf.length - start} present` };
    if (crc32c(buf, start, start + len) !== crc) return { ok: false, reason: `checksum mismatch in frame at byte ${at}` };
  }
  const end = checked ? start + len : Math.min(start + len, buf.length);
  try {
    const record = decodePayload(new ByteReader(buf, start, end, !checked));
    return { ok: true, record, next: start + len };
  } catch (e) {
    return { ok: false, reason: `malformed frame at byte ${at}: ${(e as Error).message}` };
  }
}
