// The unique-value register path (src/check/unique-value-register.ts) against
// the WGL search: it must never say ok where the search says illegal, nor the
// reverse, on random small histories with stale reads injected; and the
// checker must take it only where it applies.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runChecker } from "../../src/check/checker.js";
import { LinearizabilityChecker } from "../../src/check/linearizability.js";
import { uniqueValueRegister, type RegisterOp } from "../../src/check/unique-value-register.js";
import { wglSearch } from "../../src/check/wgl-search.js";
import { kvModel, type KvInput, type KvOutput } from "../../src/models/kv-model.js";
import { H } from "./history-builder.js";

const searchSays = (ops: readonly RegisterOp[]): string => {
  const r = wglSearch(kvModel, ops.map((o, id) => ({ ...o, id })), 1_000_000);
  expect(r.result).not.toBe("unknown");
  return r.result;
};

// A register run: ops take effect in order at distinct points, each inside an interval around its point.
const runArb = fc.array(
  fc.record({ write: fc.boolean(), before: fc.nat(30), after: fc.nat(30), info: fc.nat(9) }),
  { minLength: 1, maxLength: 9 },
);

function history(specs: { write: boolean; before: number; after: number; info: number }[], staleAt: number, staleTo: number): RegisterOp[] {
  let value: number | null = null;
  const written: (number | null)[] = [null];
  return specs.map((s, i) => {
    const point = 100 + i * 10;
    const call = 2 * (point - s.before) + 1; // odd calls, even returns: every time distinct
    const ret = s.info === 0 && s.write ? Infinity : 2 * (point + s.after) + 2;
    if (s.write) {
      value = i + 1;
      written.push(value);
      return { input: { f: "write", value } as KvInput, output: null as KvOutput, call, ret };
    }
    // The injected stale read: any value written so far (or the initial null), not the current one.
    const seen = i === staleAt ? written[staleTo % written.length]! : value;
    return { input: { f: "read" } as KvInput, output: seen as KvOutput, call, ret };
  });
}

describe("unique-value register path", () => {
  it("agrees with the WGL search on random histories with an injected stale read", () => {
    fc.assert(
      fc.property(runArb, fc.nat(9), fc.nat(9), (specs, staleAt, staleTo) => {
        const ops = history(specs, staleAt, staleTo);
        const fast = uniqueValueRegister(ops);
        expect(fast).toBeDefined();
        expect(fast!.result).toBe(searchSays(ops));
        if (fast!.result === "illegal") expect(searchSays(fast!.witness.map((i) => ops[i]!))).toBe("illegal");
      }),
      { numRuns: 1500, seed: 12 },
    );
  });

  it("agrees with the search on arbitrary intervals and reads, including reads of values never written", () => {
    const opArb = fc.record({ write: fc.boolean(), call: fc.nat(40), len: fc.nat(20), read: fc.integer({ min: -1, max: 8 }), info: fc.nat(6) });
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 8 }), (specs) => {
        const ops: RegisterOp[] = specs.map((s, i) => {
          const call = 2 * (s.call * 10 + i);
          const ret = s.write && s.info === 0 ? Infinity : call + 2 * s.len + 1;
          return s.write
            ? { input: { f: "write", value: i + 1 }, output: null, call, ret }
            : { input: { f: "read" }, output: s.read < 0 ? null : s.read, call, ret };
        });
        const fast = uniqueValueRegister(ops);
        expect(fast!.result).toBe(searchSays(ops));
      }),
      { numRuns: 1500, seed: 7 },
    );
  });

  it("does not apply where values repeat, to cas, to appends or to deletes", () => {
    const w = (value: number | null, call: number): RegisterOp => ({ input: value === null ? { f: "delete" } : { f: "write", value }, output: null, call, ret: call + 1 });
    expect(uniqueValueRegister([w(1, 0), w(1, 2)])).toBeUndefined();
    expect(uniqueValueRegister([w(1, 0), w(null, 2)])).toBeUndefined();
    expect(uniqueValueRegister([w(1, 0), { input: { f: "cas", expected: 1, next: 2 }, output: true, call: 2, ret: 3 }])).toBeUndefined();
    expect(uniqueValueRegister([{ input: { f: "append", element: 1 }, output: null, call: 0, ret: 1 }])).toBeUndefined();
    expect(uniqueValueRegister([w(1, 0), w(2, 2)])).toEqual({ result: "ok" });
  });

  it("decides a 10k-op single-key history without a search, and finds its one stale read", () => {
    // Eight clients, writes of fresh values and reads of the value current at the read's point.
    const build = (stale: boolean): H => {
      const h = new H();
      let v = 0;
      for (let i = 0; i < 1250; i++) {
        for (let p = 0; p < 4; p++) h.invoke(p, "write", ["k", ++v]);
        for (let p = 4; p < 8; p++) h.invoke(p, "read", ["k", null]);
        for (let p = 0; p < 4; p++) h.ok(p, "write", ["k", v - 3 + p]);
        // Every read overlaps the four writes: any of them (or the value before) is fine.
        for (let p = 4; p < 8; p++) h.ok(p, "read", ["k", stale && i === 900 && p === 7 ? v - 40 : v - (p - 4)]);
      }
      return h;
    };
    const ok = runChecker(new LinearizabilityChecker(), build(false).events);
    expect(ok.verdict).toBe("ok");
    expect(ok.stats).toMatchObject({ uniqueValueKeys: 1, statesExplored: 0 });
    const bad = runChecker(new LinearizabilityChecker(), build(true).events);
    expect(bad.verdict).toBe("violation");
    const sub = (bad.violations[0]!.evidence as { subHistory: unknown[] }).subHistory;
    expect(sub.length).toBeLessThanOrEqual(8);
  });
});
