// replay reproduces a recorded decision list exactly; strict mode fails loudly
// on divergence or exhaustion; lenient mode falls back and counts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/sim/rng.js";
import { pctStrategy } from "../../../src/sim/strategies/pct.js";
import { randomStrategy } from "../../../src/sim/strategies/random.js";
import { ReplayExhausted, replayStrategy } from "../../../src/sim/strategies/replay.js";
import { ReplayDivergence, type ThreadView } from "../../../src/sim/strategies/strategy.js";
import { atomic, pointsProgram, runToy, type ToyProgram, type ToyThread } from "./toy-driver.js";

/** Three racy incrementers: the outcome depends on the interleaving. */
function racy(): ToyProgram {
  let x = 0;
  function* incr(): ToyThread {
    yield atomic("load", 0);
    const seen = x;
    yield atomic("store", 0);
    x = seen + 1;
  }
  return { threads: [incr(), incr(), incr()], outcome: () => String(x) };
}

const view = (tid: number): ThreadView => ({ tid, pid: 0, name: `t${tid}`, pending: { kind: "point", label: "p" } });

describe("replay", () => {
  it("reproduces recorded runs exactly, decisions and outcome", () => {
    const outcomes = new Set<string>();
    for (let seed = 0; seed < 30; seed++) {
      const recorded = runToy(randomStrategy(new Rng(BigInt(seed))), racy());
      const replay = replayStrategy(recorded.decisions);
      const again = runToy(replay, racy());
      expect(again.decisions).toEqual(recorded.decisions);
      expect(again.outcome).toBe(recorded.outcome);
      expect(replay.remaining).toBe(0);
      expect(replay.consumed).toBe(recorded.decisions.length);
      outcomes.add(recorded.outcome);
    }
    expect(outcomes.size).toBeGreaterThan(1); // the outcome does depend on the schedule
  });

  it("property: any recorded random or pct run of any small program replays exactly", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 5 }),
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        fc.boolean(),
        (counts, seed, usePct) => {
          const total = counts.reduce((a, b) => a + b, 0);
          const rng = new Rng(seed);
          const strategy = usePct ? pctStrategy(rng, { depth: 3, maxSteps: Math.max(1, total) }) : randomStrategy(rng);
          const recorded = runToy(strategy, pointsProgram(...counts)).decisions;
          expect(recorded).toHaveLength(total);
          const replay = replayStrategy(recorded);
          expect(runToy(replay, pointsProgram(...counts)).decisions).toEqual(recorded);
          expect(replay.remaining).toBe(0);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  it("strict: a recorded tid that is not runnable throws ReplayDivergence naming step, tid and runnable set", () => {
    // Thread 1 has one step; the recording asks for it twice.
    let caught: unknown;
    try {
      runToy(replayStrategy([1, 1, 0]), pointsProgram(2, 1));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ReplayDivergence);
    const d = caught as ReplayDivergence;
    expect([d.step, d.expectedTid, d.runnable]).toEqual([1, 1, [0]]);
    expect(d.message).toMatch(/step 1.*thread 1.*runnable: 0/);
  });

  it("strict: running out of decisions while threads remain throws ReplayExhausted", () => {
    expect(() => runToy(replayStrategy([0]), pointsProgram(2, 1))).toThrow(ReplayExhausted);
    expect(() => runToy(replayStrategy([0]), pointsProgram(2, 1))).toThrow(/ran out .* at step 1 \(runnable: 0, 1\)/);
    // ReplayExhausted is a ReplayDivergence, so callers catch one type.
    expect(() => runToy(replayStrategy([]), pointsProgram(1))).toThrow(ReplayDivergence);
  });

  it("onExhausted first-runnable finishes the run on the lowest tid", () => {
    const replay = replayStrategy([1], { onExhausted: "first-runnable" });
    expect(runToy(replay, pointsProgram(2, 2)).decisions).toEqual([1, 0, 0, 1]);
    expect(replay.extraSteps).toBe(3);
  });

  it("leftover decisions show in `remaining`", () => {
    const replay = replayStrategy([0, 1, 1, 0]);
    runToy(replay, pointsProgram(1, 1));
    expect(replay.remaining).toBe(2);
  });

  it("lenient: stays on the current thread if runnable, else the lowest tid; counts divergences", () => {
    const replay = replayStrategy([0, 7, 2, 9], { lenient: true });
    expect(replay.pick([view(0), view(1), view(2)], { step: 0, current: null })).toBe(0);
    expect(replay.pick([view(0), view(1), view(2)], { step: 1, current: 0 })).toBe(0); // 7 gone: stay on 0
    expect(replay.pick([view(1), view(2)], { step: 2, current: null })).toBe(2);
    expect(replay.pick([view(1), view(2)], { step: 3, current: null })).toBe(1); // 9 gone, no current: lowest
    expect(replay.divergences).toBe(2);
    // Exhausted in lenient mode: first runnable, no throw.
    expect(replay.pick([view(1), view(2)], { step: 4, current: 2 })).toBe(1);
    expect(replay.extraSteps).toBe(1);
  });

  it("lenient: a shrunk (shortened, edited) schedule still runs to the end", () => {
    const recorded = runToy(randomStrategy(new Rng(5n)), racy()).decisions;
    const edited = recorded.slice(0, 3).concat([9, 9]);
    const replay = replayStrategy(edited, { lenient: true });
    const run = runToy(replay, racy());
    expect(run.decisions.slice(0, 3)).toEqual(recorded.slice(0, 3));
    expect(run.decisions).toHaveLength(recorded.length);
    expect(replay.divergences).toBe(2);
  });
});
