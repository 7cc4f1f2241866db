import { describe, expect, it } from "vitest";
import type { Model } from "../../src/models/model.js";
import { wglSearch, type SearchOp } from "../../src/check/wgl-search.js";

// A counter: inputs add n (output null) or get (output the value); shows the search is model-generic.
type In = { add: number } | { get: true };
const counter: Model<{ n: number }, In, number | null> = {
  init: () => ({ n: 0 }),
  step: (s, i, o) => ("add" in i ? { n: s.n + i.add } : o === s.n ? s : null),
  equal: (a, b) => a.n === b.n,
  hash: (s) => String(s.n),
  describe: (i, o) => ("add" in i ? `add ${i.add}` : `get -> ${o}`),
  describeState: (s) => String(s.n),
};
const op = (id: number, input: In, output: number | null, call: number, ret: number): SearchOp<In, number | null> => ({ id, input, output, call, ret });

describe("WGL search", () => {
  it("orders concurrent adds to explain a read", () => {
    const ops = [op(0, { add: 1 }, null, 0, 5), op(1, { add: 2 }, null, 1, 6), op(2, { get: true }, 2, 2, 3)];
    expect(wglSearch(counter, ops, 1000).result).toBe("ok");
  });

  it("reports illegal with the longest prefix and the op that could not be placed", () => {
    const ops = [op(0, { add: 1 }, null, 0, 1), op(1, { get: true }, 0, 2, 3)];
    const r = wglSearch(counter, ops, 1000);
    expect(r.result).toBe("illegal");
    expect(r.longest).toEqual([0]);
    expect(r.blocked).toBe(1);
  });

  it("memoises: refuting an impossible read among 12 concurrent adds visits subsets, not orders", () => {
    const ops = Array.from({ length: 12 }, (_, i) => op(i, { add: 1 }, null, i, 100 + i));
    ops.push(op(12, { get: true }, 99, 50, 60));
    const r = wglSearch(counter, ops, 10_000_000);
    expect(r.result).toBe("illegal");
    // 12! = 479001600 orders; the distinct (set of adds, value) states number 2^12.
    expect(r.statesExplored).toBeLessThanOrEqual(1 << 12);
  });

  it("answers unknown, not illegal, when the budget runs out first", () => {
    const ops = Array.from({ length: 10 }, (_, i) => op(i, { add: 1 }, null, i, 100 + i));
    ops.push(op(10, { get: true }, 3, 50, 60));
    expect(wglSearch(counter, ops, 3).result).toBe("unknown");
  });
});

describe("WGL search memo", () => {
  it("remembers every state of a long history: a 32k-op prefix does not crowd out the refutation after it", () => {
    // 32768 sequential no-op adds, then 12 concurrent adds and an impossible get.
    // A memo capped in words of full-length bitsets (1024 words each here) fills
    // during the prefix and then revisits count as new: 12! orders, unknown.
    const ops: SearchOp<In, number | null>[] = [];
    for (let i = 0; i < 32_768; i++) ops.push(op(i, { add: 0 }, null, 2 * i, 2 * i + 1));
    const t = 2 * 32_768;
    for (let i = 0; i < 12; i++) ops.push(op(ops.length, { add: 1 }, null, t + i, t + 100 + i));
    ops.push(op(ops.length, { get: true }, 99, t + 50, t + 60));
    const r = wglSearch(counter, ops, 1_000_000);
    expect(r.result).toBe("illegal");
    expect(r.statesExplored).toBeLessThan(32_768 + (1 << 13));
  });

  it("answers unknown naming memory when the memo's byte budget is spent, and the result is the same every run", () => {
    const ops = Array.from({ length: 12 }, (_, i) => op(i, { add: 1 }, null, i, 100 + i));
    ops.push(op(12, { get: true }, 99, 50, 60));
    const a = wglSearch(counter, ops, { maxStates: 10_000_000, maxMemoryBytes: 40_000 });
    expect(a.result).toBe("unknown");
    expect(a.exhausted).toBe("memory");
    expect(a.memoBytes).toBeLessThanOrEqual(40_000);
    const b = wglSearch(counter, ops, { maxStates: 10_000_000, maxMemoryBytes: 40_000 });
    expect(b).toEqual(a);
    const states = wglSearch(counter, ops, 100);
    expect(states.exhausted).toBe("states");
  });
});
