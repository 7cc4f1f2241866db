// Shrinking one failing seed of a scenario end to end: run it, shrink the case
// and the schedule, then replay the result strictly with the overrides it
// needs and say whether it shows the same failure. `mvsim shrink` and the
// shrink bench share it. Contract: a bad strategy comes back as a string.
import { engineTarget } from "./engine-target.js";
import { overridesOf, runSeed, type SpecOverrides } from "./run-seed.js";
import type { Scenario } from "./scenario.js";
import { scenarioRunSpec, scenarioStrategy, scenarioTargetOptions } from "./scenario-run-spec.js";
import { drawScenario } from "./swarm.js";
import { sameFailure, shrink, type ShrinkResult } from "./shrink.js";
import { simulate } from "./simulate.js";
import { replayStrategy } from "../sim/strategies/replay.js";
import type { Violation } from "../history/verdict.js";

export interface SeedShrink {
  /** The seed's first violation, the one kept while shrinking. */
  readonly target: Violation;
  readonly result: ShrinkResult;
  readonly overrides: SpecOverrides;
  /** A strict replay of the shrunk schedule shows the same property and kind. */
  readonly reproduced: boolean;
  /** PCT's k of the seed's run (and of the shrinker's runs) when the scenario sets none. */
  readonly pctK?: number;
}

/** undefined: the seed shows no violation, nothing to shrink. */
export function shrinkScenarioSeed(s: Scenario, seed: bigint, bugs: readonly string[], runsMax: number, pctK?: number): SeedShrink | undefined | string {
  const first = runSeed({ scenario: s, seed, extraBugs: bugs, ...(pctK !== undefined ? { pctMaxSteps: pctK } : {}) });
  if (typeof first === "string") return first;
  const target = first.violations[0];
  if (!target) return undefined;
  // A swarm seed shrinks within its own drawn configuration, on its own seed
  // only: another seed would draw another configuration on replay.
  const drawn = drawScenario(s, seed);
  if (typeof drawn === "string") return drawn;
  const d = drawn.scenario;
  const base = scenarioRunSpec(d);
  const options = scenarioTargetOptions(d, bugs);
  let bad: string | undefined;
  const result = shrink(
    (spec, sd, decisions) => {
      const strategy = decisions ? replayStrategy(decisions, { lenient: true, onExhausted: "first-runnable" }) : scenarioStrategy(d, sd, undefined, first.stats.pctMaxSteps);
      if (typeof strategy === "string") {
        bad = strategy;
        return first;
      }
      return simulate(spec, engineTarget(options), sd, { strategy });
    },
    base,
    seed,
    target,
    { seedsPerCandidate: s.swarm ? 1 : 4, runsMax },
  );
  if (bad !== undefined) return bad;
  const overrides = overridesOf(base, result.spec);
  const again = runSeed({ scenario: s, seed: result.seed, extraBugs: bugs, decisions: result.decisions, overrides });
  if (typeof again === "string") return again;
  const k = first.stats.pctMaxSteps;
  return { target, result, overrides, reproduced: again.violations.some((v) => sameFailure(v, result.violation)), ...(k !== undefined ? { pctK: k } : {}) };
}
