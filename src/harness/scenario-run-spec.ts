// From a validated Scenario to what src/harness/simulate.ts runs: the RunSpec
// (world options, workload, restarts, checks) and the scenario's strategy for
// one seed, and the engine target's options (bug switches, capacities).
// Contract: pure; the strategy draws only from the seed's "scheduler" stream,
// the same stream the World uses by default.
import { DEFAULT_CLOCK } from "../sim/clock.js";
import { SimDisk } from "../sim/disk/disk.js";
import { Rng } from "../sim/rng.js";
import { strategyByName, type Strategy, type StrategyParams } from "../sim/strategies/index.js";
import type { EngineTargetOptions } from "./engine-target.js";
import type { Scenario } from "./scenario.js";
import { splitCapacities } from "./scenario-engine.js";
import type { RunSpec } from "./simulate.js";

export function scenarioRunSpec(s: Scenario): RunSpec {
  const w = s.workload;
  // The world's fault plan is the scenario's, without the disk's and the clock's parts.
  const { disk, clock: clockFaults, ...faults } = s.faults;
  return {
    processes: s.processes,
    threadsPerProcess: s.threadsPerProcess,
    workload: {
      opsPerThread: w.opsPerThread,
      txnSizeMin: w.txnSize.min,
      txnSizeMax: w.txnSize.max,
      readRatio: w.readRatio,
      singleKeyOpRatio: w.singleKeyOpRatio,
      ...(w.scanRatio > 0 ? { scanRatio: w.scanRatio } : {}),
      ...(w.thinkUs > 0 ? { thinkUs: w.thinkUs } : {}),
      keyCount: w.keys.count,
      keyDistribution: w.keys.distribution,
      values: w.values,
    },
    world: {
      stepBudgetMax: s.stepBudgetMax,
      stepUs: s.stepUs,
      ...(s.timeLimitUs !== undefined ? { timeLimitUs: s.timeLimitUs } : {}),
      arena: s.arena,
      clock: { ...DEFAULT_CLOCK, faults: clockFaults },
      faults,
      disk: (rng, clock) => new SimDisk(disk, rng, clock),
    },
    restartDelayUs: s.restart.enabled ? s.restart.delayUs : -1,
    checks: s.checks,
  };
}

/**
 * The scenario's strategy (or `override` by name) for `seed`; an error string for
 * bad params. `pctMaxSteps` is pct's k when the scenario sets none (the step
 * budget if absent too).
 */
export function scenarioStrategy(s: Scenario, seed: bigint, override?: string, pctMaxSteps?: number): Strategy | string {
  const name = override ?? s.strategy.name;
  return strategyByName(name, new Rng(seed).fork("scheduler"), strategyParams(s, name, pctMaxSteps));
}

/** True when `name` is pct and the scenario leaves its k to calibration. */
export function pctNeedsSteps(s: Scenario, name: string): boolean {
  return name === "pct" && (s.strategy.name !== "pct" || s.strategy.maxSteps === undefined);
}

function strategyParams(s: Scenario, name: string, pctMaxSteps: number | undefined): StrategyParams {
  const st = s.strategy;
  const base: StrategyParams = name === st.name ? st : {};
  return pctNeedsSteps(s, name) ? { ...base, maxSteps: pctMaxSteps ?? s.stepBudgetMax } : base;
}

/** The options of engineTarget for this scenario: its bug switches (plus `extraBugs`) and capacities. */
export function scenarioTargetOptions(s: Scenario, extraBugs: readonly string[] = []): EngineTargetOptions {
  const { engine, durability } = splitCapacities(s.engine);
  return { bugs: new Set([...s.bugs, ...extraBugs]), engine, durability };
}
