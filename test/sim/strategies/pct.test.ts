// pct: finds a depth-2 ordering bug at least as often as its bound promises and
// far more often than random; priorities, change points and spin demotion.
import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/sim/rng.js";
import { pctStrategy } from "../../../src/sim/strategies/pct.js";
import { randomStrategy } from "../../../src/sim/strategies/random.js";
import type { Strategy, ThreadView } from "../../../src/sim/strategies/strategy.js";
import { atomic, point, pointsProgram, runToy, spin, type ToyProgram, type ToyThread } from "./toy-driver.js";

const LOCAL_STEPS = 8;

/**
 * Two symmetric threads. Each sets its word to 1 ("half done"), then to 2, does
 * LOCAL_STEPS local steps and finally loads the other's word. The bug: a load sees
 * 1, i.e. one thread runs all its remaining steps inside the other's one-step
 * window between its two stores. Depth 2: (other's first store) < (load) < (other's
 * second store). Random needs ~LOCAL_STEPS+3 picks of the same thread in a row.
 */
function halfDone(): ToyProgram & { bug(): boolean } {
  const word = [0, 0];
  const seen: number[] = [];
  function* thread(me: number): ToyThread {
    yield atomic("store", me);
    word[me] = 1;
    yield atomic("store", me);
    word[me] = 2;
    for (let i = 0; i < LOCAL_STEPS; i++) yield point(`local${i}`);
    yield atomic("load", 1 - me);
    seen.push(word[1 - me]!);
  }
  return { threads: [thread(0), thread(1)], outcome: () => seen.join(","), bug: () => seen.includes(1) };
}
const STEPS = 2 * (LOCAL_STEPS + 3); // k: every run of halfDone takes exactly this many steps

function hitRate(make: (seed: number) => Strategy, seeds: number): number {
  let hits = 0;
  for (let seed = 0; seed < seeds; seed++) {
    const program = halfDone();
    const run = runToy(make(seed), program);
    expect(run.decisions).toHaveLength(STEPS);
    if (program.bug()) hits++;
  }
  return hits / seeds;
}

const view = (tid: number, pending = point()): ThreadView => ({ tid, pid: 0, name: `t${tid}`, pending });

describe("pct", () => {
  it("finds the depth-2 bug within its bound, far more often than random", () => {
    const seeds = 1000;
    const pct = hitRate((s) => pctStrategy(new Rng(BigInt(s)), { depth: 2, maxSteps: STEPS }), seeds);
    const random = hitRate((s) => randomStrategy(new Rng(BigInt(s))), seeds);
    const n = 2;
    const d = 2;
    const bound = 1 / (n * STEPS ** (d - 1)); // Burckhardt et al., Theorem: P(find) >= 1/(n k^(d-1))
    expect(pct).toBeGreaterThanOrEqual(bound);
    expect(random).toBeLessThan(bound); // the toy is hard for random ...
    expect(pct).toBeGreaterThan(4 * random); // ... and pct is clearly better
  });

  it("with depth 1 never preempts: each thread runs to completion in priority order", () => {
    for (let seed = 0; seed < 50; seed++) {
      const strategy = pctStrategy(new Rng(BigInt(seed)), { depth: 1, maxSteps: 12 });
      const run = runToy(strategy, pointsProgram(4, 4, 4));
      const blocks = run.decisions.filter((t, i) => i === 0 || run.decisions[i - 1] !== t);
      expect(blocks).toHaveLength(3);
      expect(strategy.priorityOrder()).toEqual(blocks);
    }
  });

  it("is deterministic for a seed and varies across seeds", () => {
    const decisions = (seed: number) =>
      runToy(pctStrategy(new Rng(BigInt(seed)), { depth: 3, maxSteps: 30 }), pointsProgram(10, 10, 10)).decisions.join("");
    expect(decisions(7)).toBe(decisions(7));
    const distinct = new Set([1, 2, 3, 4, 5, 6, 7, 8].map(decisions));
    expect(distinct.size).toBeGreaterThan(1);
  });

  it("chooses d-1 distinct change points in [1, k]", () => {
    for (let seed = 0; seed < 100; seed++) {
      const { changePoints } = pctStrategy(new Rng(BigInt(seed)), { depth: 4, maxSteps: 5 });
      expect(changePoints).toHaveLength(3);
      expect(new Set(changePoints).size).toBe(3);
      for (const p of changePoints) expect(p >= 1 && p <= 5).toBe(true);
    }
    // Fewer steps than change points: every step is one.
    expect([...pctStrategy(new Rng(1n), { depth: 5, maxSteps: 2 }).changePoints].sort()).toEqual([1, 2]);
  });

  it("demotes the running thread at a change point below every initial priority, new threads included", () => {
    for (let seed = 0; seed < 20; seed++) {
      // depth 2, k = 1: the single change point is after step 1.
      const s = pctStrategy(new Rng(BigInt(seed)), { depth: 2, maxSteps: 1 });
      s.onSpawn!(view(0));
      s.onSpawn!(view(1));
      const first = s.pick([view(0), view(1)], { step: 0, current: null });
      expect(first).toBe(s.priorityOrder()[0]);
      const second = s.pick([view(0), view(1)], { step: 1, current: first });
      expect(second).toBe(1 - first);
      s.onSpawn!(view(2));
      expect(s.priorityOrder().at(-1)).toBe(first);
      expect(s.pick([view(0), view(1), view(2)], { step: 2, current: second })).not.toBe(first);
    }
  });

  it("demotes a spinning thread so the thread it waits for runs", () => {
    let spinnerRankedFirst = 0;
    for (let seed = 0; seed < 100; seed++) {
      let flag = 0;
      function* waiter(): ToyThread {
        for (;;) {
          yield atomic("load", 0);
          if (flag === 1) return;
          yield spin();
        }
      }
      function* setter(): ToyThread {
        for (let i = 0; i < 3; i++) yield point();
        yield atomic("store", 0);
        flag = 1;
      }
      const strategy = pctStrategy(new Rng(BigInt(seed)), { depth: 2, maxSteps: 20 });
      const program: ToyProgram = { threads: [waiter(), setter()], outcome: () => String(flag) };
      // Ranked before any step: is the waiter the one that would starve the setter?
      strategy.onSpawn!(view(0));
      strategy.onSpawn!(view(1));
      if (strategy.priorityOrder()[0] === 0) spinnerRankedFirst++;
      const run = runToy(strategy, program, 200);
      expect(run.cutOff).toBe(false);
      expect(run.outcome).toBe("1");
    }
    expect(spinnerRankedFirst).toBeGreaterThan(20); // the case that needs demotion did occur
  });

  it("rejects bad options with a message naming them", () => {
    expect(() => pctStrategy(new Rng(1n), { depth: 0, maxSteps: 5 })).toThrow(/depth/);
    expect(() => pctStrategy(new Rng(1n), { depth: 2, maxSteps: 0 })).toThrow(/maxSteps/);
  });
});
