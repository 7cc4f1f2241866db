import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { LinearizabilityChecker } from "../../src/check/linearizability.js";
import { runChecker } from "../../src/check/checker.js";
import type { HistoryEvent } from "../../src/history/events.js";
import { kvModel, type KvInput } from "../../src/models/kv-model.js";
import { H } from "./history-builder.js";

const check = (events: HistoryEvent[], maxStatesPerKey?: number) =>
  runChecker(new LinearizabilityChecker(maxStatesPerKey === undefined ? {} : { maxStatesPerKey }), events);

describe("linearizability", () => {
  it("catches a stale read after two completed writes", () => {
    const h = new H().op(1, "write", ["x", 1]).op(2, "write", ["x", 2]).op(3, "read", ["x", 1], ["x", null]);
    const r = check(h.events);
    expect(r.verdict).toBe("violation");
    const v = r.violations[0]!;
    expect(v.property).toBe("linearizability");
    expect(v.step).toBe(5);
    expect(v.threads).toEqual([1, 2, 3]);
    expect(v.explanation).toContain("read -> 1");
  });

  it("passes the twin where the read overlaps the second write", () => {
    const h = new H().op(1, "write", ["x", 1]).invoke(2, "write", ["x", 2]).op(3, "read", ["x", 1], ["x", null]).ok(2, "write", ["x", 2]);
    expect(check(h.events).verdict).toBe("ok");
  });

  it("appends that crashed unseen cost nothing; a crashed append a read did see still counts", () => {
    // Twelve appends die with their process (info); a read then sees two of them, in one order.
    const crashed = (seenOrder: number[]): HistoryEvent[] => {
      const h = new H();
      for (let p = 1; p <= 12; p++) h.invoke(p, "append", ["x", p]);
      for (let p = 1; p <= 12; p++) h.info(p, "append", ["x", p]);
      return h.op(20, "read", ["x", seenOrder], ["x", null]).op(21, "append", ["x", 99]).op(22, "read", ["x", [...seenOrder, 99]], ["x", null]).events;
    };
    // Without the pruning, 12! orders of the unseen appends would exhaust this budget.
    const r = check(crashed([3, 7]), 5_000);
    expect(r.verdict).toBe("ok");
    const wrong = crashed([3, 7]).concat(new H().op(30, "read", ["x", [7, 3, 99]], ["x", null]).events.map((e) => ({ ...e, index: (e.index ?? 0) + 100 })));
    expect(check(wrong, 5_000).verdict).toBe("violation");
  });

  it("catches a lost update: two cas from the same value both succeed", () => {
    const h = new H().op(1, "write", ["x", 0]).op(1, "cas", ["x", [0, 1]]).op(2, "cas", ["x", [0, 2]]);
    const r = check(h.events);
    expect(r.verdict).toBe("violation");
    expect((r.violations[0]!.evidence as { linearized: unknown[] }).linearized).toHaveLength(2);
    // The write of 0 both cas ops expected stays in the sub-history.
    expect((r.violations[0]!.evidence as { subHistory: unknown[] }).subHistory).toHaveLength(6);
  });

  it("passes the twin where the second cas expects the first one's value", () => {
    const h = new H().op(1, "write", ["x", 0]).op(1, "cas", ["x", [0, 1]]).op(2, "cas", ["x", [1, 2]]).op(3, "read", ["x", 2], ["x", null]);
    expect(check(h.events).verdict).toBe("ok");
  });

  it("accepts concurrent ops in either order, and keys independently", () => {
    const h = new H()
      .invoke(1, "write", ["x", 1])
      .invoke(2, "write", ["y", 5])
      .invoke(3, "read", ["x", null])
      .ok(3, "read", ["x", 1])
      .invoke(4, "read", ["x", null])
      .ok(4, "read", ["x", null])
      .ok(1, "write", ["x", 1])
      .ok(2, "write", ["y", 5]);
    // Read of 1 then read of nothing, both while the write is open: not linearizable.
    expect(check(h.events).verdict).toBe("violation");
    const twin = new H()
      .invoke(1, "write", ["x", 1])
      .invoke(2, "write", ["y", 5])
      .invoke(4, "read", ["x", null])
      .ok(4, "read", ["x", null])
      .invoke(3, "read", ["x", null])
      .ok(3, "read", ["x", 1])
      .ok(1, "write", ["x", 1])
      .ok(2, "write", ["y", 5]);
    expect(check(twin.events).verdict).toBe("ok");
  });

  it("lets an info write take effect or not, but a failed write never", () => {
    const maybe = new H().invoke(1, "write", ["x", 7]).info(1, "write", ["x", 7]).op(2, "read", ["x", 7], ["x", null]).op(2, "read", ["x", 7], ["x", null]);
    expect(check(maybe.events).verdict).toBe("ok");
    const failed = new H().invoke(1, "write", ["x", 7]).fail(1, "write", ["x", 7]).op(2, "read", ["x", 7], ["x", null]);
    expect(check(failed.events).verdict).toBe("violation");
  });

  it("checks appends as lists", () => {
    const ok = new H().op(1, "append", ["l", 1]).op(2, "append", ["l", 2]).op(3, "read", ["l", [1, 2]], ["l", null]);
    expect(check(ok.events).verdict).toBe("ok");
    const bad = new H().op(1, "append", ["l", 1]).op(2, "append", ["l", 2]).op(3, "read", ["l", [2, 1]], ["l", null]);
    expect(check(bad.events).verdict).toBe("violation");
  });

  it("shrinks the evidence to the ops that still show the violation", () => {
    const h = new H().op(9, "write", ["x", 0]);
    for (let i = 0; i < 20; i++) h.op(5, "read", ["x", 0], ["x", null]);
    h.op(1, "write", ["x", 1]).op(3, "read", ["x", 0], ["x", null]);
    const v = check(h.events).violations[0]!;
    const sub = (v.evidence as { subHistory: HistoryEvent[] }).subHistory;
    expect(sub.length).toBe(6); // write 0, write 1, the stale read of 0
    expect(v.threads).toEqual([1, 3, 9]);
  });

  it("answers unknown when the state budget runs out, naming it", () => {
    // Values repeat (p % 4), so the search decides, not the unique-value path.
    const h = new H();
    for (let p = 0; p < 8; p++) h.invoke(p, "write", ["x", p % 4]);
    for (let p = 0; p < 8; p++) h.ok(p, "write", ["x", p % 4]);
    h.op(9, "read", ["x", 3], ["x", null]);
    expect(check(h.events, 5).verdict).toBe("unknown");
    expect(check(h.events, 5).unknownReason).toContain("state budget of 5 states (--max-states) spent");
    expect(check(h.events).verdict).toBe("ok");
  });

  it("answers unknown when the memory budget runs out, naming it, and decides with room", () => {
    // Twelve concurrent writes and a read of a value none wrote: 2^12 subsets to refute.
    const h = new H().op(20, "write", ["x", 0]);
    for (let p = 0; p < 12; p++) h.invoke(p, "write", ["x", p % 3]);
    h.op(30, "read", ["x", 7], ["x", null]);
    for (let p = 0; p < 12; p++) h.ok(p, "write", ["x", p % 3]);
    const tight = runChecker(new LinearizabilityChecker({ maxMemoryBytes: 40_000 }), h.events);
    expect(tight.verdict).toBe("unknown");
    expect(tight.unknownReason).toContain("memory budget of 40000 bytes (--max-memory) spent");
    expect(runChecker(new LinearizabilityChecker(), h.events).verdict).toBe("violation");
  });

  it("stops at the first illegal key, smallest first; allKeys reports every key", () => {
    const h = new H();
    // "big": 30 ops and a stale read at the end; "small": a stale read in 3 ops; "fine": valid.
    for (let i = 0; i < 28; i++) h.op(1, "write", ["big", i % 2]);
    h.op(2, "read", ["big", 0], ["big", null]);
    h.op(3, "write", ["small", 1]).op(3, "write", ["small", 2]).op(4, "read", ["small", 1], ["small", null]);
    h.op(5, "write", ["fine", 1]).op(5, "read", ["fine", 1], ["fine", null]);
    const first = check(h.events);
    expect(first.verdict).toBe("violation");
    expect(first.violations.map((v) => (v.evidence as { key: string }).key)).toEqual(["small"]);
    expect(first.stats).toMatchObject({ keys: 3, keysChecked: 2 });
    const all = runChecker(new LinearizabilityChecker({ allKeys: true }), h.events);
    expect(all.violations.map((v) => (v.evidence as { key: string }).key)).toEqual(["small", "big"]);
    expect(all.stats).toMatchObject({ keys: 3, keysChecked: 3 });
  });

  it("passes every history generated from a sequential run with overlapping intervals", () => {
    const opArb = fc.record({
      key: fc.constantFrom("a", "b", "c"),
      kind: fc.constantFrom("read", "write", "cas", "append", "delete"),
      v: fc.integer({ min: 0, max: 3 }),
      before: fc.integer({ min: 0, max: 40 }),
      after: fc.integer({ min: 0, max: 40 }),
      info: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 30 }), (specs) => {
        const state = new Map<string, unknown>();
        const timed: Array<{ t: number; e: HistoryEvent }> = [];
        specs.forEach((s, i) => {
          const point = 100 + i * 10;
          const cur = (state.get(s.key) ?? null) as never;
          // Appends and register ops never share a key's value space.
          const key = s.kind === "append" ? `${s.key}-list` : s.key;
          const curK = (state.get(key) ?? null) as never;
          let input: KvInput;
          let value: unknown;
          let invokeValue: unknown;
          let output: unknown = null;
          void cur;
          if (s.kind === "read") {
            input = { f: "read" };
            value = [key, curK];
            invokeValue = [key, null];
            output = curK;
          } else if (s.kind === "write" || s.kind === "delete") {
            const w = s.kind === "write" ? s.v : null;
            input = w === null ? { f: "delete" } : { f: "write", value: w };
            value = invokeValue = [key, w];
          } else if (s.kind === "cas") {
            input = { f: "cas", expected: curK, next: s.v };
            value = invokeValue = [key, [curK, s.v]];
            output = true;
          } else {
            input = { f: "append", element: i };
            value = invokeValue = [key, i];
          }
          const next = kvModel.step({ value: curK }, input, output as never);
          if (next === null) throw new Error("generator bug");
          state.set(key, next.value);
          const f = s.kind === "delete" ? "write" : s.kind;
          timed.push({ t: point - s.before, e: { type: "invoke", process: i, f, value: invokeValue } as HistoryEvent });
          const done = s.info && s.kind !== "read" ? "info" : "ok";
          timed.push({ t: point + s.after, e: { type: done, process: i, f, value } as HistoryEvent });
        });
        timed.sort((x, y) => x.t - y.t);
        const events = timed.map((x, index) => ({ ...x.e, index }));
        const r = check(events, 200_000);
        expect(r.verdict).toBe("ok");
      }),
      { numRuns: 150, seed: 42 },
    );
  });
});

describe("linearizability with transactions in the history", () => {
  it("counts a txn's writes as one atomic write inside its interval", () => {
    const stale = new H()
      .invoke(1, "txn", [["w", "x", 1], ["r", "y", null]])
      .ok(1, "txn", [["w", "x", 1], ["r", "y", null]])
      .op(2, "read", ["x", null], ["x", null]);
    expect(check(stale.events).verdict).toBe("violation");
    const fine = new H()
      .invoke(1, "txn", [["w", "x", 1], ["w", "x", 2]])
      .op(2, "read", ["x", null], ["x", null])
      .ok(1, "txn", [["w", "x", 1], ["w", "x", 2]])
      .op(2, "read", ["x", 2], ["x", null]);
    expect(check(fine.events).verdict).toBe("ok");
    // The intermediate value of a txn is never visible outside it.
    const dirty = new H()
      .invoke(1, "txn", [["w", "x", 1], ["w", "x", 2]])
      .op(2, "read", ["x", 1], ["x", null])
      .ok(1, "txn", [["w", "x", 1], ["w", "x", 2]]);
    expect(check(dirty.events).verdict).toBe("violation");
  });

  it("ignores failed txns and lets info txns go either way", () => {
    const failed = new H().invoke(1, "txn", [["w", "x", 1]]).fail(1, "txn", [["w", "x", 1]]).op(2, "read", ["x", 1], ["x", null]);
    expect(check(failed.events).verdict).toBe("violation");
    const maybe = new H().invoke(1, "txn", [["w", "x", 1]]).info(1, "txn", [["w", "x", 1]]).op(2, "read", ["x", 1], ["x", null]);
    expect(check(maybe.events).verdict).toBe("ok");
  });
});

describe("linearizability of a failed or unknown cas (docs/history-format.md)", () => {
  // Values repeat (0 is written twice), so the search decides, not the unique-value path.
  const base = () => new H().op(1, "write", ["x", 0]).op(1, "write", ["x", 0]);

  it("a failed cas did not happen: reading its new value is a violation; reading the old one is fine", () => {
    const seen = base().invoke(2, "cas", ["x", [0, 1]]).fail(2, "cas", ["x", [0, 1]]).op(3, "read", ["x", 1], ["x", null]);
    expect(check(seen.events).verdict).toBe("violation");
    const unseen = base().invoke(2, "cas", ["x", [0, 1]]).fail(2, "cas", ["x", [0, 1]]).op(3, "read", ["x", 0], ["x", null]);
    expect(check(unseen.events).verdict).toBe("ok");
  });

  it("an info cas may have happened at any point after its call, or never, but only once", () => {
    const cas = () => base().invoke(2, "cas", ["x", [0, 1]]).info(2, "cas", ["x", [0, 1]]);
    expect(check(cas().op(3, "read", ["x", 1], ["x", null]).events).verdict).toBe("ok");
    expect(check(cas().op(3, "read", ["x", 0], ["x", null]).events).verdict).toBe("ok");
    expect(check(cas().op(3, "read", ["x", 0], ["x", null]).op(3, "read", ["x", 1], ["x", null]).events).verdict).toBe("ok");
    // Once its value was seen it cannot be undone: nothing else writes 0 afterwards.
    expect(check(cas().op(3, "read", ["x", 1], ["x", null]).op(3, "read", ["x", 0], ["x", null]).events).verdict).toBe("violation");
    // And it cannot have taken effect before it was invoked.
    const early = base().op(3, "read", ["x", 1], ["x", null]).invoke(2, "cas", ["x", [0, 1]]).info(2, "cas", ["x", [0, 1]]);
    expect(check(early.events).verdict).toBe("violation");
  });
});
