import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { crc32c } from "../../../src/engine/durability/crc32c.js";
import { decodeFrame, encodeFrame, encodeTxn, type KeyWrite, type WalRecord } from "../../../src/engine/durability/wal-record.js";
import { decodeSegment } from "../../../src/engine/durability/wal-segments.js";
import { committedTxns } from "../../../src/engine/durability/wal-replay.js";

const num = fc.nat({ max: Number.MAX_SAFE_INTEGER });
const str = fc.string({ unit: "grapheme", maxLength: 12 });
const write: fc.Arbitrary<KeyWrite> = fc.record({ key: str, value: fc.option(str, { nil: null }) });
const record: fc.Arbitrary<WalRecord> = fc.oneof(
  fc.record({ type: fc.constant("put" as const), seq: num, txnId: num, commitTs: num, key: str, value: str }),
  fc.record({ type: fc.constant("delete" as const), seq: num, txnId: num, commitTs: num, key: str }),
  fc.record({ type: fc.constant("batch" as const), seq: num, txnId: num, writes: fc.array(write, { maxLength: 5 }) }),
  fc.record({ type: fc.constant("commit" as const), seq: num, txnId: num, commitTs: num, writeCount: fc.nat(1000) }),
);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
}

const txns = fc.array(fc.array(write, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 });
function logOf(ws: KeyWrite[][]): Uint8Array {
  return concat(ws.map((w, i) => encodeTxn(i + 1, 1000 + i, 50 + i, w)));
}

describe("crc32c", () => {
  it("matches the standard check value and differs on one flipped bit", () => {
    const b = new TextEncoder().encode("123456789");
    expect(crc32c(b)).toBe(0xe3069283);
    b[3] ^= 1;
    expect(crc32c(b)).not.toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });
});

describe("wal records", () => {
  it("round-trip through a frame", () => {
    fc.assert(
      fc.property(record, (r) => {
        const f = decodeFrame(encodeFrame(r), 0);
        expect(f.ok).toBe(true);
        if (f.ok) expect(f.record).toEqual(r);
      }),
    );
  });

  it("a log cut anywhere replays as a prefix of whole transactions", () => {
    fc.assert(
      fc.property(txns, fc.nat(), (ws, cutAt) => {
        const log = logOf(ws);
        const cut = log.slice(0, cutAt % (log.length + 1));
        const seg = decodeSegment(cut, true);
        const got = committedTxns(seg.records);
        expect(got.map((t) => t.writes)).toEqual(ws.slice(0, got.length));
        if (cut.length < log.length) expect(got.length).toBeLessThan(ws.length);
        expect(seg.goodBytes).toBeLessThanOrEqual(cut.length);
      }),
    );
  });

  it("a flipped byte is cut off: replay is a prefix of the original, never a changed txn", () => {
    fc.assert(
      fc.property(txns, fc.nat(), fc.integer({ min: 1, max: 255 }), (ws, at, x) => {
        const log = logOf(ws);
        const i = at % log.length;
        log[i] ^= x;
        const seg = decodeSegment(log, true);
        expect(seg.cut).toBeDefined();
        const got = committedTxns(seg.records);
        expect(got.map((t) => t.writes)).toEqual(ws.slice(0, got.length));
        expect(got.length).toBeLessThan(ws.length);
      }),
    );
  });

  it("unchecked decoding (torn-wal-tail-accepted) takes a torn put for a value never written; checked cuts it", () => {
    const log = concat([encodeTxn(1, 1, 10, [{ key: "a", value: "first" }]), encodeTxn(2, 2, 11, [{ key: "b", value: "hello-world" }])]);
    const torn = log.slice(0, log.length - 5);
    expect(committedTxns(decodeSegment(torn, true).records).map((t) => t.writes)).toEqual([[{ key: "a", value: "first" }]]);
    const lenient = committedTxns(decodeSegment(torn, false).records);
    expect(lenient.map((t) => t.writes)).toEqual([[{ key: "a", value: "first" }], [{ key: "b", value: "hello-" }]]);
  });

  it("a batch without its commit record is not applied", () => {
    const b = encodeTxn(1, 7, 3, [{ key: "x", value: "1" }, { key: "y", value: null }]);
    const whole = committedTxns(decodeSegment(b, true).records);
    expect(whole).toEqual([{ seq: 1, txnId: 7, commitTs: 3, writes: [{ key: "x", value: "1" }, { key: "y", value: null }] }]);
    const first = decodeFrame(b, 0);
    if (!first.ok) throw new Error(first.reason);
    expect(committedTxns(decodeSegment(b.slice(0, first.next), true).records)).toEqual([]);
  });

  it("a seq logged twice (a leader died after appending) counts once", () => {
    const t = encodeTxn(1, 7, 3, [{ key: "x", value: "1" }]);
    expect(committedTxns(decodeSegment(concat([t, t]), true).records)).toHaveLength(1);
  });
});
