// random: the same seed gives the same decisions; every runnable thread gets
// picked, about uniformly.
import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/sim/rng.js";
import { randomStrategy } from "../../../src/sim/strategies/random.js";
import { pointsProgram, runToy, spin, type ToyProgram, type ToyThread } from "./toy-driver.js";

function* forever(): ToyThread {
  for (;;) yield spin();
}
const endless = (n: number): ToyProgram => ({ threads: Array.from({ length: n }, forever), outcome: () => "" });

describe("random", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const decisions = (seed: bigint) => runToy(randomStrategy(new Rng(seed)), pointsProgram(5, 5, 5)).decisions.join("");
    expect(decisions(42n)).toBe(decisions(42n));
    expect(new Set([1n, 2n, 3n, 4n].map(decisions)).size).toBeGreaterThan(1);
  });

  it("picks every runnable thread, about uniformly", () => {
    for (let seed = 0; seed < 20; seed++) {
      const run = runToy(randomStrategy(new Rng(BigInt(seed))), endless(4), 400);
      expect(run.cutOff).toBe(true);
      const counts = [0, 1, 2, 3].map((tid) => run.decisions.filter((t) => t === tid).length);
      // Expected 100 each (sd ~8.7): 50 is far out, so a skewed or stuck picker fails.
      for (const c of counts) expect(c).toBeGreaterThan(50);
    }
  });
});
