// A scenario: what one simulated run is made of (processes, workload, faults,
// strategy, budgets, bug switches) and what it is expected to show. Files in
// scenarios/*.json are documented in docs/scenarios.md; the loader fills every
// default so the rest of the harness sees a complete, typed Scenario.
// Contract: loadScenario never throws for bad input; it returns one line naming
// the file, the field path and what was expected.
import { readFile } from "node:fs/promises";
import type { ClockFault } from "../sim/clock.js";
import type { DiskOptions } from "../sim/disk/disk-options.js";
import type { FaultOptions } from "../sim/faults.js";
import type { Property } from "../history/verdict.js";
import type { CheckModel } from "../check/check-plan.js";
import type { StrategyName } from "../sim/strategies/index.js";
import type { KeyDistribution } from "./key-distribution.js";
import type { BugName } from "./scenario-bugs.js";
import type { EngineCapacityName } from "./scenario-engine.js";
import { readJson, readJsonBytes } from "./scenario-json.js";
import { validateScenarioWithExtras } from "./scenario-extras.js";
import type { SwarmSpec } from "./swarm.js";

export interface ScenarioWorkload {
  /** Operations (transactions or single-key ops) per client thread. */
  readonly opsPerThread: number;
  /** Micro-ops per transaction, inclusive. */
  readonly txnSize: { readonly min: number; readonly max: number };
  /** Share of micro-ops and single-key ops that read, in [0, 1]. */
  readonly readRatio: number;
  /** Share of operations that are single-key ops outside transactions, in [0, 1]. */
  readonly singleKeyOpRatio: number;
  /** Share of transactions that read every key (a snapshot scan), in [0, 1]. */
  readonly scanRatio: number;
  /** Simulated µs between a transaction's micro-ops: long txns hold old snapshots. */
  readonly thinkUs: number;
  readonly keys: { readonly count: number; readonly distribution: KeyDistribution };
  /** Every written value is unique in a run, in both modes. */
  readonly values: "register" | "list-append";
}

/** The world's fault plan (src/sim/faults.ts), plus the disk's and the clock's. */
export interface ScenarioFaults extends FaultOptions {
  /** Complete disk options (defaults from src/sim/disk/disk-options.ts). */
  readonly disk: DiskOptions;
  readonly clock: readonly ClockFault[];
}

export interface ScenarioStrategy {
  readonly name: StrategyName;
  /** pct: bug depth. */
  readonly depth?: number;
  /** pct: expected steps per run; defaults to the step budget. */
  readonly maxSteps?: number;
  /** dfs: preemption bound. */
  readonly preemptionBound?: number;
  /** dfs: sleep-set reduction. */
  readonly sleepSets?: boolean;
}

export interface ScenarioChecks {
  /** Absent: snapshot-isolation when the history has txns, else linearizable. */
  readonly model?: CheckModel;
  readonly livenessBoundUs?: number;
  readonly maxStatesPerKey?: number;
  readonly garbageVersionsMax?: number;
}

/** What a scenario is expected to show across its gate seeds. */
export type Expectation =
  | { readonly kind: "pass" }
  /** At least one seed shows a violation of one of these properties. */
  | { readonly kind: "find"; readonly properties: readonly Property[] };

export interface Scenario {
  /** Equals the file name without `.json`. */
  readonly name: string;
  readonly description: string;
  /** The file it was loaded from, as given to the loader. */
  readonly file: string;
  /** "mvsim" (the built-in engine) or the absolute path of a module exporting a KvTarget. */
  readonly target: string;
  readonly processes: number;
  readonly threadsPerProcess: number;
  readonly workload: ScenarioWorkload;
  readonly faults: ScenarioFaults;
  /** Crashed processes restart after delayUs and recover; `enabled: false` keeps them down. */
  readonly restart: { readonly enabled: boolean; readonly delayUs: number };
  readonly strategy: ScenarioStrategy;
  readonly stepBudgetMax: number;
  /** Simulated microseconds per step. */
  readonly stepUs: number;
  /** Simulated time limit; absent = none. */
  readonly timeLimitUs?: number;
  /** The gate runs `seeds` seeds derived from `masterSeed` (src/harness/seeds.ts). */
  readonly gate: { readonly seeds: number; readonly masterSeed: bigint };
  readonly bugs: readonly BugName[];
  readonly expect: Expectation;
  readonly arena: { readonly words: number; readonly reservedWords: number; readonly quarantineWords: number };
  readonly checks: ScenarioChecks;
  /** Engine capacities by name (src/harness/scenario-engine.ts), passed to the engine target. */
  readonly engine: Readonly<Partial<Record<EngineCapacityName, number>>>;
  /** Per-seed configuration ranges (src/harness/swarm.ts); each seed runs its own draw. */
  readonly swarm?: SwarmSpec;
  /** Rare engine events (src/engine/sometimes.ts) at least one gate seed must reach. */
  readonly sometimes?: readonly string[];
}

export type ScenarioLoad = { readonly ok: true; readonly scenario: Scenario } | { readonly ok: false; readonly error: string };

/** Parses and validates scenario text; `file` names it in errors and in `Scenario.file`. */
export function parseScenario(text: string, file: string): ScenarioLoad {
  const json = readJson(text, file);
  if (!json.ok) return json;
  return validateScenarioWithExtras(json.value, file);
}

/** Reads, parses and validates a scenario file. */
export async function loadScenario(file: string): Promise<ScenarioLoad> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, error: `${file}: cannot read the scenario file${code ? ` (${code})` : ""}` };
  }
  const json = readJsonBytes(bytes, file);
  if (!json.ok) return json;
  return validateScenarioWithExtras(json.value, file);
}

/** Short text for an expectation, e.g. "pass" or "find durability". */
export function describeExpectation(e: Expectation): string {
  return e.kind === "pass" ? "pass" : `find ${e.properties.join(" | ")}`;
}
