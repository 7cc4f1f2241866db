// Hunting one bug switch: run a scenario's derived seeds with the switch on
// until the first violation (`mvsim hunt` and bench/hunt.bench.ts share it);
// huntBugDfs instead enumerates the schedules of one seed after another (dfs).
// Contract: deterministic in the request; a bad strategy name comes back as a
// one-line error string, never a throw.
import { Rng } from "../sim/rng.js";
import { isExploring, strategyByName, type StrategyParams } from "../sim/strategies/index.js";
import type { Violation } from "../history/verdict.js";
import { engineTarget } from "./engine-target.js";
import { runSeed } from "./run-seed.js";
import type { Scenario } from "./scenario.js";
import { scenarioRunSpec, scenarioTargetOptions } from "./scenario-run-spec.js";
import { derivedSeed } from "./seeds.js";
import { simulate, type SimulationResult } from "./simulate.js";

export interface HuntRequest {
  readonly scenario: Scenario;
  /** The switch to turn on (on top of the scenario's own); none hunts the scenario as it is. */
  readonly bug?: string;
  /** A strategy by name instead of the scenario's. */
  readonly strategy?: string;
  /** Give up after this many seeds. */
  readonly maxSeeds: number;
  /** Seeds are derivedSeed(masterSeed, 0..); defaults to the scenario's gate.masterSeed. */
  readonly masterSeed?: bigint;
  /** Called after every seed, in order (progress). */
  readonly onSeed?: (result: SimulationResult, index: number, seed: bigint) => void;
}

export interface HuntFound {
  readonly seed: bigint;
  /** Seeds run up to and including the failing one. */
  readonly seedsRun: number;
  /** The first violation the failing seed reported. */
  readonly violation: Violation;
  /** Every violation of the failing seed. */
  readonly violations: readonly Violation[];
  readonly stepsInRun: number;
  /** PCT's k of the failing run when calibrated (its replay line's --pct-k). */
  readonly pctK?: number;
}

export interface HuntResult {
  readonly found: HuntFound | undefined;
  readonly seedsRun: number;
  /** Steps over every seed run. */
  readonly steps: number;
}

export function huntBug(req: HuntRequest): HuntResult | string {
  const master = req.masterSeed ?? req.scenario.gate.masterSeed;
  let steps = 0;
  for (let i = 0; i < req.maxSeeds; i++) {
    const seed = derivedSeed(master, i);
    const r = runSeed({ scenario: req.scenario, seed, extraBugs: req.bug !== undefined ? [req.bug] : [], ...(req.strategy ? { strategy: req.strategy } : {}) });
    if (typeof r === "string") return r;
    steps += r.outcome.steps;
    req.onSeed?.(r, i, seed);
    const v = r.violations[0];
    const pctK = r.stats.pctMaxSteps;
    if (v) return { found: { seed, seedsRun: i + 1, violation: v, violations: r.violations, stepsInRun: r.outcome.steps, ...(pctK !== undefined ? { pctK } : {}) }, seedsRun: i + 1, steps };
  }
  return { found: undefined, seedsRun: req.maxSeeds, steps };
}

export interface DfsHuntRequest {
  readonly scenario: Scenario;
  readonly bug?: string;
  /** Give up after this many runs (executions), over all seeds. */
  readonly maxRuns: number;
  /** Workloads are those of derivedSeed(masterSeed, 0..); defaults to the scenario's gate.masterSeed. */
  readonly masterSeed?: bigint;
  readonly dfs?: Pick<StrategyParams, "preemptionBound" | "sleepSets">;
  /** Called after every run, in order. */
  readonly onRun?: (result: SimulationResult, run: number, seed: bigint) => void;
}

export interface DfsHuntResult extends HuntResult {
  /** Seeds whose workload was explored (the last one perhaps in part). */
  readonly seedsExplored: number;
  /** Seeds whose schedule tree was explored to the end. */
  readonly seedsExhausted: number;
  /** The failing run's decisions (runSeed({ decisions }) replays it). */
  readonly decisions?: readonly number[];
}

/**
 * dfs explores many schedules of one program, so a "seed" of huntBug means one
 * workload here: its schedules are run in DFS order until the tree is exhausted,
 * then the next derived seed's. `seedsRun` and `found.seedsRun` count runs.
 */
export function huntBugDfs(req: DfsHuntRequest): DfsHuntResult | string {
  const s = req.scenario;
  const master = req.masterSeed ?? s.gate.masterSeed;
  const spec = scenarioRunSpec(s);
  let runs = 0;
  let steps = 0;
  let exhausted = 0;
  for (let i = 0; runs < req.maxRuns; i++) {
    const seed = derivedSeed(master, i);
    const strategy = strategyByName("dfs", new Rng(seed).fork("scheduler"), req.dfs ?? {});
    if (typeof strategy === "string") return `${s.file}: strategy: ${strategy}`;
    if (!isExploring(strategy)) return `${s.file}: strategy: dfs does not explore`;
    let treeDone = false;
    while (runs < req.maxRuns && !(treeDone = !strategy.beginExecution())) {
      // A fresh engine per run: the same decisions must give the same program.
      const r = simulate(spec, engineTarget(scenarioTargetOptions(s, req.bug !== undefined ? [req.bug] : [])), seed, { strategy });
      runs++;
      steps += r.outcome.steps;
      req.onRun?.(r, runs - 1, seed);
      const v = r.violations[0];
      if (v) {
        const found = { seed, seedsRun: runs, violation: v, violations: r.violations, stepsInRun: r.outcome.steps };
        return { found, seedsRun: runs, steps, seedsExplored: i + 1, seedsExhausted: exhausted, decisions: r.outcome.decisions };
      }
    }
    if (treeDone) exhausted++;
    if (runs >= req.maxRuns) return { found: undefined, seedsRun: runs, steps, seedsExplored: i + 1, seedsExhausted: exhausted };
  }
  return { found: undefined, seedsRun: runs, steps, seedsExplored: 0, seedsExhausted: 0 };
}
