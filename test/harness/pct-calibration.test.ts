// PCT's calibrated k: the median step count of the scenario's first gate seeds
// run with k = the step budget; a scenario that sets maxSteps keeps its own; a
// seed gives the same run whether it runs first or after others (replay alone).
import { describe, expect, it } from "vitest";
import { CALIBRATION_SEEDS } from "../../src/harness/pct-calibration.js";
import { runSeed } from "../../src/harness/run-seed.js";
import { loadScenario, type Scenario } from "../../src/harness/scenario.js";
import { derivedSeed } from "../../src/harness/seeds.js";

async function load(file: string): Promise<Scenario> {
  const r = await loadScenario(file);
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

function run(s: Scenario, seed: bigint) {
  const r = runSeed({ scenario: s, seed });
  if (typeof r === "string") throw new Error(r);
  return r;
}

describe("pct calibration", () => {
  it("k is the median step count of the first gate seeds run with k = the step budget, and is reported", async () => {
    const s = await load("scenarios/hot-key-contention.json");
    expect(s.strategy.maxSteps).toBeUndefined();
    const uncalibrated: Scenario = { ...s, strategy: { ...s.strategy, maxSteps: s.stepBudgetMax } };
    const steps = Array.from({ length: CALIBRATION_SEEDS }, (_, i) => run(uncalibrated, derivedSeed(s.gate.masterSeed, i)).outcome.steps).sort((a, b) => a - b);
    const r = run(s, 42n);
    expect(r.stats.pctMaxSteps).toBe(steps[steps.length >> 1]);
    expect(r.stats.pctMaxSteps).toBeLessThan(s.stepBudgetMax / 10);
    // A scenario that sets maxSteps is not calibrated.
    expect(run(uncalibrated, 42n).stats.pctMaxSteps).toBeUndefined();
  }, 60_000);

  it("a seed replays alone: the same run on a fresh load as after other seeds", async () => {
    const warm = await load("scenarios/hot-key-contention.json");
    run(warm, 7n);
    const after = run(warm, 8n);
    const alone = run(await load("scenarios/hot-key-contention.json"), 8n);
    expect(alone.outcome.traceHash).toBe(after.outcome.traceHash);
    expect(alone.stats.pctMaxSteps).toBe(after.stats.pctMaxSteps);
  }, 60_000);
});
