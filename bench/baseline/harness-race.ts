// The write-write TOCTOU through the whole harness: the shipped scenario
// scenarios/bugs/ww-check-toctou.json, the engine target with its switch on,
// src/harness/simulate.ts and its checkers; seeds until the first violation.
// Contract: one seed ⇒ one run, deterministic; found = a write-conflict violation.
import { join } from "node:path";
import { engineTarget } from "../../src/harness/engine-target.js";
import { loadScenario } from "../../src/harness/scenario.js";
import { scenarioRunSpec } from "../../src/harness/scenario-run-spec.js";
import type { Scenario } from "../../src/harness/scenario.js";
import { derivedSeed } from "../../src/harness/seeds.js";
import { simulate } from "../../src/harness/simulate.js";
import { Rng } from "../../src/sim/rng.js";
import { pctStrategy } from "../../src/sim/strategies/pct.js";
import { randomStrategy } from "../../src/sim/strategies/random.js";
import type { FirstFailure } from "./fast-check-races.js";
import type { RaceStrategy } from "./mvsim-races.js";

/** Loads the shipped scenario from the repository root `root`. */
export async function toctouScenario(root: string): Promise<Scenario> {
  const load = await loadScenario(join(root, "scenarios", "bugs", "ww-check-toctou.json"));
  if (!load.ok) throw new Error(load.error);
  return load.scenario;
}

/** PCT's k for this scenario: the steps of one run (2,600 to 2,950 measured over 20 seeds). */
const PCT_STEPS = 2_700;

/**
 * The strategy on the seed's "scheduler" stream, chosen here rather than by the
 * scenario so the row says what ran: random, or PCT depth 2 with k = a run's steps.
 */
function strategyFor(name: RaceStrategy, seed: bigint, pctSteps: number) {
  const rng = new Rng(seed).fork("scheduler");
  return name === "random" ? randomStrategy(rng) : pctStrategy(rng, { depth: 2, maxSteps: pctSteps });
}

/** One seeded run of the scenario; its step count, and whether a checker named write-conflict. */
export function harnessRun(s: Scenario, strategy: RaceStrategy, seed: bigint, pctSteps = PCT_STEPS): { broke: boolean; steps: number } {
  const target = engineTarget({ bugs: new Set<string>(s.bugs), engine: s.engine });
  const r = simulate(scenarioRunSpec(s), target, seed, { strategy: strategyFor(strategy, seed, pctSteps) });
  return { broke: r.violations.some((v) => v.property === "write-conflict"), steps: r.outcome.steps };
}

export function harnessRaceBreaks(s: Scenario, strategy: RaceStrategy, seed: bigint): boolean {
  return harnessRun(s, strategy, seed).broke;
}

export function harnessFirstFailure(s: Scenario, strategy: RaceStrategy, master: bigint, maxSeeds: number): FirstFailure {
  const t0 = process.hrtime.bigint();
  let runs = 0;
  let found = false;
  while (runs < maxSeeds && !found) found = harnessRaceBreaks(s, strategy, derivedSeed(master, runs++));
  return { runs, found, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}
