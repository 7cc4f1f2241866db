// History events through the shared log: encode → append → drain → decode
// gives the same events (a fast-check round trip, also through a ring much
// smaller than what passes through it), a record larger than the ring is
// refused whole, and events outside the codec's domain are refused with a RangeError.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ERRORS, decodeEvent, encodeEvent } from "../../src/real/history-codec.js";
import { SharedLogWriter, drainLog, recordsOf } from "../../src/real/shared-log.js";
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
        expect(recordsOf(drainLog(i32, layout, 0))).toEqual([]);
        expect(recordsOf(drainLog(i32, layout, 1)).map(decodeEvent)).toEqual(events);
        expect(recordsOf(drainLog(i32, layout, 1))).toEqual([]);
      }),
    );
  });

  it("a ring far smaller than the events passing through it keeps them all, in order, across wraps", () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 20, maxLength: 60 }), fc.integer({ min: 1, max: 3 }), (events, every) => {
        // 128 words: a txn of 6 micro ops takes 38, so at most three records fit between drains.
        const layout = layoutFor({ words: 64, reservedWords: 0, maxPids: 2, maxWorkers: 1, logWordsPerWorker: 128 });
        const i32 = new Int32Array(createShared(layout));
        const log = new SharedLogWriter(i32, layout, 0);
        const out: HistoryEvent[] = [];
        let words = 0;
        events.forEach((e, n) => {
          expect(log.append(encodeEvent(e))).toBe(true);
          words += encodeEvent(e).length + 1;
          if (n % every === every - 1) out.push(...recordsOf(drainLog(i32, layout, 0)).map(decodeEvent));
        });
        out.push(...recordsOf(drainLog(i32, layout, 0)).map(decodeEvent));
        expect(out).toEqual(events);
        expect(log.waits).toBe(0);
        expect(words).toBeGreaterThan(128);
      }),
    );
  });

  it("a writer started later in the slot (a restart) goes on where the last one stopped", () => {
    const layout = layoutFor({ words: 64, reservedWords: 0, maxPids: 2, maxWorkers: 1, logWordsPerWorker: 64 });
    const i32 = new Int32Array(createShared(layout));
    const e = (index: number): HistoryEvent => ({ type: "invoke", process: 1, f: "write", value: [1, index], index });
    new SharedLogWriter(i32, layout, 0).append(encodeEvent(e(0)));
    const first = recordsOf(drainLog(i32, layout, 0)).map(decodeEvent);
    new SharedLogWriter(i32, layout, 0).append(encodeEvent(e(1)));
    const again = new SharedLogWriter(i32, layout, 0);
    again.append(encodeEvent(e(2)));
    expect([...first, ...recordsOf(drainLog(i32, layout, 0)).map(decodeEvent)]).toEqual([e(0), e(1), e(2)]);
  });

  it("a record larger than the ring is refused whole; the log goes on", () => {
    const layout = layoutFor({ words: 64, reservedWords: 0, maxPids: 2, maxWorkers: 1, logWordsPerWorker: 64 });
    const i32 = new Int32Array(createShared(layout));
    const log = new SharedLogWriter(i32, layout, 0);
    const small: HistoryEvent = { type: "invoke", process: 1, f: "write", value: [1, 2], index: 0 };
    const big: HistoryEvent = { type: "invoke", process: 1, f: "txn", value: Array.from({ length: 12 }, (_, k) => ["w", k, k]), index: 1 };
    expect(log.append(encodeEvent(big))).toBe(false);
    expect(log.append(encodeEvent(small))).toBe(true);
    expect(recordsOf(drainLog(i32, layout, 0)).map(decodeEvent)).toEqual([small]);
  });

  it("refuses what it cannot log", () => {
    expect(() => encodeEvent({ type: "invoke", process: 1, f: "append", value: [1, 2] })).toThrow(RangeError);
    expect(() => encodeEvent({ type: "invoke", process: 1, f: "write", value: ["k", 2] })).toThrow(/not a loggable int32/);
    expect(() => encodeEvent({ type: "invoke", process: 1, f: "write", value: [1, 2.5] })).toThrow(RangeError);
  });
});
