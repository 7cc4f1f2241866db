// The metrics wrapper counts decisions without changing them, and forwards
// beginExecution for exploring strategies.
import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/sim/rng.js";
import { dfsStrategy } from "../../../src/sim/strategies/dfs.js";
import { randomStrategy } from "../../../src/sim/strategies/random.js";
import { roundRobinStrategy } from "../../../src/sim/strategies/round-robin.js";
import { withMetrics } from "../../../src/sim/strategies/strategy-metrics.js";
import { exploreToy, pointsProgram, runToy } from "./toy-driver.js";

describe("withMetrics", () => {
  it("counts steps, switches and preemptions of a known schedule", () => {
    const { strategy, metrics } = withMetrics(roundRobinStrategy());
    // Decisions 0 1 2 0 2 0: five switches. Preemptions (the thread left still had
    // steps): 0->1 at step 1, 2->0 at step 3, 0->2 at step 4 = 3. Not 1->2 (1 had
    // finished) nor the last 2->0 (2 had finished).
    expect(runToy(strategy, pointsProgram(3, 1, 2)).decisions).toEqual([0, 1, 2, 0, 2, 0]);
    expect(metrics.steps).toBe(6);
    expect(metrics.contextSwitches).toBe(5);
    expect(metrics.preemptions).toBe(3);
    expect(metrics.maxRunnable).toBe(3);
    expect([...metrics.stepsByTid]).toEqual([
      [0, 3],
      [1, 1],
      [2, 2],
    ]);
  });

  it("does not change decisions", () => {
    const plain = runToy(randomStrategy(new Rng(9n)), pointsProgram(4, 4, 4)).decisions;
    const measured = runToy(withMetrics(randomStrategy(new Rng(9n))).strategy, pointsProgram(4, 4, 4)).decisions;
    expect(measured).toEqual(plain);
  });

  it("forwards beginExecution and counts executions", () => {
    const { strategy, metrics } = withMetrics(dfsStrategy());
    expect(exploreToy(strategy, () => pointsProgram(2, 2))).toHaveLength(6);
    expect(metrics.executions).toBe(6);
    expect(metrics.steps).toBe(24);
  });
});
