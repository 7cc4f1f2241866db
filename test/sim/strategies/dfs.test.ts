// dfs enumerates exactly the expected interleavings, honours the preemption
// bound, stops when exhausted, and detects programs that are not deterministic.
import { describe, expect, it } from "vitest";
import { DfsNondeterminism, dfsStrategy } from "../../../src/sim/strategies/dfs.js";
import { atomic, exploreToy, point, points, pointsProgram, runToy, type ToyProgram, type ToyThread } from "./toy-driver.js";

/** Every distinct ordering of a multiset of tids: an independent oracle for dfs. */
function interleavings(counts: number[]): string[] {
  const out: string[] = [];
  const left = counts.slice();
  const walk = (prefix: string): void => {
    if (left.every((n) => n === 0)) out.push(prefix);
    left.forEach((n, tid) => {
      if (n === 0) return;
      left[tid]--;
      walk(prefix + tid);
      left[tid]++;
    });
  };
  walk("");
  return out.sort();
}

const explore = (counts: number[], options = {}): string[] =>
  exploreToy(dfsStrategy(options), () => pointsProgram(...counts)).map((r) => r.decisions.join(""));

describe("dfs", () => {
  it("2 threads x 2 steps: the 6 interleavings, each once", () => {
    const runs = explore([2, 2]);
    expect(runs).toHaveLength(6);
    expect([...runs].sort()).toEqual(["0011", "0101", "0110", "1001", "1010", "1100"]);
  });

  it("2 threads x 3 steps: C(6,3) = 20 interleavings, each once", () => {
    const runs = explore([3, 3]);
    expect(runs).toHaveLength(20);
    expect([...runs].sort()).toEqual(interleavings([3, 3]));
  });

  it("3 threads x 1 step: 3! = 6 interleavings; also 2+1+1 = 12", () => {
    expect([...explore([1, 1, 1])].sort()).toEqual(interleavings([1, 1, 1]));
    expect(explore([1, 1, 1])).toHaveLength(6);
    expect([...explore([2, 1, 1])].sort()).toEqual(interleavings([2, 1, 1]));
  });

  it("preemption bound 0 keeps only non-preemptive schedules", () => {
    // A switch is a preemption only if the current thread still has steps.
    // 2x2: the first thread runs to completion, then the other: 0011 and 1100.
    expect([...explore([2, 2], { preemptionBound: 0 })].sort()).toEqual(["0011", "1100"]);
    // 2x3: likewise 000111 and 111000.
    expect([...explore([3, 3], { preemptionBound: 0 })].sort()).toEqual(["000111", "111000"]);
    // 3x1: every thread finishes with its only step, so no switch preempts: all 6.
    expect(explore([1, 1, 1], { preemptionBound: 0 })).toHaveLength(6);
  });

  it("preemption bound 1 on 2x2 drops the two schedules with 2 preemptions", () => {
    // 0101: 0->1 (0 runnable), 1->0 (1 runnable) = 2 preemptions; 1010 likewise.
    // 0110 and 1001 have one; 0011 and 1100 none.
    expect([...explore([2, 2], { preemptionBound: 1 })].sort()).toEqual(["0011", "0110", "1001", "1100"]);
  });

  it("bounded runs are a subset of unbounded ones and grow with the bound", () => {
    const all = new Set(explore([2, 2, 1]));
    let previous = 0;
    for (const bound of [0, 1, 2, 3, 4]) {
      const runs = explore([2, 2, 1], { preemptionBound: bound });
      expect(new Set(runs).size).toBe(runs.length);
      for (const r of runs) expect(all.has(r)).toBe(true);
      expect(runs.length).toBeGreaterThanOrEqual(previous);
      previous = runs.length;
    }
    expect(previous).toBe(all.size);
  });

  it("counts executions and stays exhausted", () => {
    const dfs = dfsStrategy();
    const runs = exploreToy(dfs, () => pointsProgram(2, 1));
    expect(runs).toHaveLength(3);
    expect(dfs.executions).toBe(3);
    expect(dfs.exhausted).toBe(true);
    expect(dfs.beginExecution()).toBe(false);
    expect(dfs.executions).toBe(3);
  });

  it("a program without steps is one execution", () => {
    const dfs = dfsStrategy();
    expect(exploreToy(dfs, () => pointsProgram(0, 0))).toHaveLength(1);
    expect(dfs.exhausted).toBe(true);
  });

  it("detects a program whose runnable set changes under the same decisions", () => {
    const dfs = dfsStrategy();
    let run = 0;
    const flaky = () => {
      run++;
      return { threads: [points(2), points(run === 1 ? 2 : 0)], outcome: () => "" };
    };
    expect(() => exploreToy(dfs, flaky)).toThrow(DfsNondeterminism);
  });

  it("detects a program whose next step changes under the same decisions", () => {
    const dfs = dfsStrategy();
    let run = 0;
    const flaky = (): ToyProgram => {
      run++;
      const first = run === 1 ? atomic("load", 0) : atomic("store", 0);
      return {
        threads: [
          (function* (): ToyThread {
            yield first;
            yield point();
          })(),
          points(1),
        ],
        outcome: () => "",
      };
    };
    expect(() => exploreToy(dfs, flaky)).toThrow(/next steps differ/);
  });

  it("rejects bad options with a message naming them", () => {
    expect(() => dfsStrategy({ preemptionBound: -1 })).toThrow(/preemptionBound/);
    expect(() => dfsStrategy({ preemptionBound: 1, sleepSets: true })).toThrow(/sleepSets/);
    expect(() => runToy(dfsStrategy(), pointsProgram(1))).toThrow(/beginExecution/);
  });
});
