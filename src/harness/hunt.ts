// Hunting one bug switch: run a scenario's derived seeds with the switch on
// until the first violation (`mvsim hunt` and bench/hunt.bench.ts share it).
// Contract: deterministic in (scenario, bug, strategy, masterSeed, maxSeeds);
// a bad strategy name comes back as a one-line error string, never a throw.
import type { Violation } from "../sim/verdict.js";
import { runSeed } from "./run-seed.js";
import type { Scenario } from "./scenario.js";
import { derivedSeed } from "./seeds.js";
import type { SimulationResult } from "./simulate.js";

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
    if (v) return { found: { seed, seedsRun: i + 1, violation: v, violations: r.violations, stepsInRun: r.outcome.steps }, seedsRun: i + 1, steps };
  }
  return { found: undefined, seedsRun: req.maxSeeds, steps };
}
