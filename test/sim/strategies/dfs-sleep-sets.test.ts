// Sleep sets prune commuting orders: strictly fewer executions on independent
// programs, and the same set of final outcomes as plain dfs on racy ones.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dfsStrategy } from "../../../src/sim/strategies/dfs.js";
import { atomic, exploreToy, point, runToy, type ToyProgram, type ToyThread } from "./toy-driver.js";

type Op =
  | { readonly op: "load" | "read" | "point"; readonly addr: number }
  | { readonly op: "store" | "add" | "cas" | "write"; readonly addr: number; readonly value: number };

/**
 * Interprets ops on a word memory. A thread keeps `last` (its last value seen) so
 * that stores depend on loads (lost updates). "read"/"write" touch two words,
 * addr and addr+1, which the steps do not say: dfs must stay sound anyway.
 */
function interpreted(threads: readonly (readonly Op[])[]): ToyProgram {
  const mem = [0, 0, 0, 0, 0];
  const seen: number[][] = threads.map(() => []);
  function* run(ops: readonly Op[], regs: number[]): ToyThread {
    let last = 0;
    for (const o of ops) {
      if (o.op === "point") {
        yield point();
        continue;
      }
      yield atomic(o.op, o.addr);
      const a = o.addr;
      switch (o.op) {
        case "load":
          last = mem[a]!;
          regs.push(last);
          break;
        case "read":
          last = mem[a]! * 10 + mem[a + 1]!;
          regs.push(last);
          break;
        case "store":
          mem[a] = o.value + last;
          break;
        case "write":
          mem[a] = mem[a + 1] = o.value + last;
          break;
        case "add":
          last = mem[a]!;
          regs.push(last);
          mem[a] = last + o.value;
          break;
        case "cas":
          regs.push(mem[a]!);
          if (mem[a] === last) mem[a] = o.value;
          break;
      }
    }
  }
  return {
    threads: threads.map((ops, i) => run(ops, seen[i]!)),
    outcome: () => JSON.stringify({ mem, seen }),
  };
}

function compare(threads: readonly (readonly Op[])[]) {
  const plain = exploreToy(dfsStrategy(), () => interpreted(threads));
  const sleepy = dfsStrategy({ sleepSets: true });
  const reduced: { outcome: string; redundant: boolean }[] = [];
  while (sleepy.beginExecution()) {
    const run = runToy(sleepy, interpreted(threads));
    reduced.push({ outcome: run.outcome, redundant: sleepy.redundantRun });
  }
  return {
    plain: plain.length,
    reduced: reduced.length,
    plainOutcomes: new Set(plain.map((r) => r.outcome)),
    // Outcomes of the runs sleep sets did not flag as redundant: the soundness claim
    // is that these alone cover everything plain dfs reaches.
    reducedOutcomes: new Set(reduced.filter((r) => !r.redundant).map((r) => r.outcome)),
    sleepy,
  };
}

const sorted = (s: Set<string>): string[] => [...s].sort();

describe("dfs with sleep sets", () => {
  it("explores strictly fewer executions when threads touch different words", () => {
    const own = (addr: number): Op[] => [
      { op: "store", addr, value: 1 },
      { op: "load", addr },
      { op: "add", addr, value: 2 },
    ];
    const r = compare([own(0), own(2)]);
    expect(r.plain).toBe(20);
    expect(r.reduced).toBeLessThan(r.plain);
    expect(r.reducedOutcomes.size).toBe(1);
    expect(sorted(r.reducedOutcomes)).toEqual(sorted(r.plainOutcomes));
  });

  it("point-only threads and shared reads also collapse", () => {
    const reader = (): Op[] => [{ op: "load", addr: 0 }, { op: "point", addr: 0 }, { op: "read", addr: 0 }];
    const r = compare([reader(), reader(), reader()]);
    expect(r.plain).toBe(1680);
    expect(r.reduced).toBeLessThan(r.plain / 10);
    expect(sorted(r.reducedOutcomes)).toEqual(sorted(r.plainOutcomes));
  });

  it("keeps every outcome of a lost-update race", () => {
    const incr: Op[] = [
      { op: "load", addr: 0 },
      { op: "store", addr: 0, value: 1 },
    ];
    const r = compare([incr, incr, [{ op: "point", addr: 0 }, { op: "store", addr: 1, value: 5 }]]);
    // Final x = 1 (lost update) or 2: the race is real, so pruning it would show.
    expect(r.plainOutcomes.size).toBeGreaterThan(1);
    expect(sorted(r.reducedOutcomes)).toEqual(sorted(r.plainOutcomes));
    expect(r.reduced).toBeLessThan(r.plain);
  });

  it("keeps every outcome of store buffering and of multi-word writes", () => {
    const sb = compare([
      [{ op: "store", addr: 0, value: 1 }, { op: "load", addr: 1 }],
      [{ op: "store", addr: 1, value: 1 }, { op: "load", addr: 0 }],
    ]);
    expect(sb.plainOutcomes.size).toBe(3);
    expect(sorted(sb.reducedOutcomes)).toEqual(sorted(sb.plainOutcomes));
    // write(0) also covers word 1, which the step does not say.
    const wide = compare([[{ op: "write", addr: 0, value: 7 }], [{ op: "load", addr: 1 }]]);
    expect(wide.plainOutcomes.size).toBe(2);
    expect(sorted(wide.reducedOutcomes)).toEqual(sorted(wide.plainOutcomes));
  });

  it("random small programs: same outcomes as plain dfs, never more executions", () => {
    const addr = fc.integer({ min: 0, max: 2 });
    const value = fc.integer({ min: 1, max: 3 });
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ op: fc.constantFrom("load" as const, "read" as const, "point" as const), addr }),
      fc.record({ op: fc.constantFrom("store" as const, "add" as const, "cas" as const, "write" as const), addr, value }),
    );
    const program = fc.oneof(
      fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 2 }),
      fc.array(fc.array(op, { minLength: 1, maxLength: 2 }), { minLength: 3, maxLength: 3 }),
    );
    fc.assert(
      fc.property(program, (threads) => {
        const r = compare(threads);
        expect(sorted(r.reducedOutcomes)).toEqual(sorted(r.plainOutcomes));
        expect(r.reduced).toBeLessThanOrEqual(r.plain);
        expect(r.sleepy.exhausted).toBe(true);
      }),
      { numRuns: 150, seed: 20261121 },
    );
  });
});
