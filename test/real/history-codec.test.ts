// History events through the shared log: encode → append → read → decode gives
// the same events (a fast-check round trip), a full log refuses records whole,
// and events outside the codec's domain are refused with a RangeError.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ERRORS, decodeEvent, encodeEvent } from "../../src/real/history-codec.js";
import { SharedLogWriter, readLog } from "../../src/real/shared-log.js";
import { createShared, layoutFor } from "../../src/real/shared-layout.js";
import type { HistoryEvent } from "../../src/history/events.js";

const int = fc.integer({ min: -(2 ** 31) + 1, max: 2 ** 31 - 1 });
const value = fc.option(int, { nil: null });
const stamp = fc.integer({ min: 0, max: 2 ** 53 - 1 });
const base = fc.record({
  type: fc.constantFrom("invoke", "ok", "fail", "info"),
  process: fc.nat(1000),
  index: fc.nat(),
  time: fc.nat(),
  thread: fc.nat(64),
});
const event: fc.Arbitrary<HistoryEvent> = fc.oneof(
  fc.tuple(base, fc.constantFrom("read", "write"), int, value).map(([b, f, k, v]) => ({ ...b, f, value: [k, v] }) as HistoryEvent),
  fc.tuple(base, int, value, value).map(([b, k, e, n]) => ({ ...b, f: "cas", value: [k, [e, n]] }) as HistoryEvent),
  fc.tuple(
    base,
    fc.array(fc.tuple(fc.constantFrom("r", "w"), int, value), { maxLength: 6 }),
    fc.option(fc.record({ id: fc.nat(), start: stamp, commit: fc.option(stamp, { nil: undefined }) }), { nil: undefined }),
    fc.option(fc.constantFrom(...ERRORS), { nil: undefined }),
  ).map(([b, ops, txn, error]) => {
    const t = txn && (txn.commit === undefined ? { id: txn.id, start: txn.start } : txn);
    return { ...b, f: "txn", value: ops, ...(t ? { txn: t } : {}), ...(error ? { error } : {}) } as HistoryEvent;
  }),
);

describe("history codec and shared log", () => {
  it("round-trips events through the shared log", () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), (events) => {
        const layout = layoutFor({ words: 64, reservedWords: 0, maxPids: 2, maxWorkers: 2, logWordsPerWorker: 4096 });
        const i32 = new Int32Array(createShared(layout));
        const log = new SharedLogWriter(i32, layout, 1);
        for (const e of events) expect(log.append(encodeEvent(e))).toBe(true);
        expect(readLog(i32, layout, 0)).toEqual([]);
        expect(readLog(i32, layout, 1).map(decodeEvent)).toEqual(events);
      }),
    );
  });

  it("a full log refuses a record whole and keeps the earlier ones", () => {
    const layout = layoutFor({ words: 64, reservedWords: 0, maxPids: 2, maxWorkers: 1, logWordsPerWorker: 40 });
    const i32 = new Int32Array(createShared(layout));
    const log = new SharedLogWriter(i32, layout, 0);
    const e: HistoryEvent = { type: "invoke", process: 1, f: "write", value: [1, 2], index: 0 };
    const n = encodeEvent(e).length + 1;
    let appended = 0;
    while (log.append(encodeEvent(e))) appended++;
    expect(appended).toBe(Math.floor(39 / n));
    expect(readLog(i32, layout, 0).length).toBe(appended);
  });

  it("refuses what it cannot log", () => {
    expect(() => encodeEvent({ type: "invoke", process: 1, f: "append", value: [1, 2] })).toThrow(RangeError);
    expect(() => encodeEvent({ type: "invoke", process: 1, f: "write", value: ["k", 2] })).toThrow(/not a loggable int32/);
    expect(() => encodeEvent({ type: "invoke", process: 1, f: "write", value: [1, 2.5] })).toThrow(RangeError);
  });
});
