// mvsim inside a user's own test suite: run a scenario across seeds and get
// plain results back, and generate scenarios with fast-check so fast-check
// shrinks the scenario while mvsim's seeds and schedules stay reproducible.
import fc from "fast-check";
import type { SeedResult } from "./run-result.js";
import { seedResult } from "./run-result.js";
import { runSeed, seedOutcomeOf } from "./run-seed.js";
import type { Scenario } from "./scenario.js";
import type { JsonValue } from "./scenario-json.js";
import { validateScenario } from "./scenario-validate.js";
import { derivedSeed } from "./seeds.js";
import type { Verdict } from "../sim/verdict.js";

export interface SimulateOptions {
  /** How many seeds (derived from the scenario's master seed), or exactly these. Default 10. */
  readonly seeds?: number | readonly bigint[];
  /** Bug switches on top of the scenario's own. */
  readonly bugs?: readonly string[];
  /** A strategy by name instead of the scenario's. */
  readonly strategy?: string;
}

export interface SimulateReport {
  /** violation if any seed showed one, else unknown if any ran out of budget, else ok. */
  readonly verdict: Verdict;
  readonly seeds: readonly SeedResult[];
  /** The first seed with a violation, with its replay line and schedule. */
  readonly firstFailure?: SeedResult;
}

/** A validated Scenario, or a scenario object as in scenarios/*.json (validated here; throws one line if bad). */
export function toScenario(input: Scenario | object, name = "inline"): Scenario {
  if ("file" in input && "gate" in input && "arena" in input) return input as Scenario;
  const r = validateScenario({ name, description: "", ...(input as Record<string, JsonValue>) } as JsonValue, name);
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

/** Runs a scenario across seeds, in this thread. */
export function simulateScenario(input: Scenario | object, options: SimulateOptions = {}): SimulateReport {
  const scenario = toScenario(input);
  const wanted = options.seeds ?? 10;
  const seeds = typeof wanted === "number" ? Array.from({ length: wanted }, (_, i) => derivedSeed(scenario.gate.masterSeed, i)) : wanted;
  const extraBugs = options.bugs ?? [];
  const results = seeds.map((seed, index) => {
    const r = runSeed({ scenario, seed, extraBugs, ...(options.strategy ? { strategy: options.strategy } : {}) });
    if (typeof r === "string") throw new Error(r);
    return seedResult(scenario.name, index, { scenario: scenario.file, seed, extraBugs, ...(options.strategy ? { strategy: options.strategy } : {}) }, seedOutcomeOf(r));
  });
  const firstFailure = results.find((r) => r.verdict === "violation");
  const verdict: Verdict = firstFailure ? "violation" : results.some((r) => r.verdict === "unknown") ? "unknown" : "ok";
  return { verdict, seeds: results, ...(firstFailure ? { firstFailure } : {}) };
}

export interface ScenarioArbitraryOptions {
  /** Upper bounds keep generated runs small enough for a unit test. */
  readonly threadsMax?: number;
  readonly opsPerThreadMax?: number;
  /** Allow process crashes and power losses in generated scenarios. */
  readonly faults?: boolean;
  readonly bugs?: readonly string[];
}

/** Small valid scenarios: fast-check shrinks them toward fewer threads, ops, keys and faults. */
export function scenarioArbitrary(o: ScenarioArbitraryOptions = {}): fc.Arbitrary<Scenario> {
  const threadsMax = o.threadsMax ?? 3;
  const opsMax = o.opsPerThreadMax ?? 6;
  return fc
    .record({
      processes: fc.integer({ min: 1, max: 2 }),
      threadsPerProcess: fc.integer({ min: 1, max: threadsMax }),
      opsPerThread: fc.integer({ min: 1, max: opsMax }),
      txnMax: fc.integer({ min: 1, max: 4 }),
      readRatio: fc.double({ min: 0, max: 1, noNaN: true }),
      singleKeyOpRatio: fc.double({ min: 0, max: 0.5, noNaN: true }),
      keys: fc.integer({ min: 1, max: 8 }),
      values: fc.constantFrom("register", "list-append"),
      crashes: o.faults ? fc.integer({ min: 0, max: 2 }) : fc.constant(0),
      powerLosses: o.faults ? fc.integer({ min: 0, max: 1 }) : fc.constant(0),
    })
    .map((g) =>
      toScenario(
        {
          processes: g.processes,
          threadsPerProcess: g.threadsPerProcess,
          workload: { opsPerThread: g.opsPerThread, txnSize: { min: 1, max: g.txnMax }, readRatio: g.readRatio, singleKeyOpRatio: g.singleKeyOpRatio, keys: { count: g.keys }, values: g.values },
          faults: {
            processCrashesMax: g.crashes,
            processCrashProbabilityPerStep: g.crashes > 0 ? 0.001 : 0,
            powerLossesMax: g.powerLosses,
            powerLossProbabilityPerStep: g.powerLosses > 0 ? 0.0005 : 0,
          },
          bugs: [...(o.bugs ?? [])],
        },
        "generated",
      ),
    );
}
