// What a run produces, as plain JSON-ready data: one SeedResult per seed, one
// ScenarioReport per scenario (its seeds and a summary recomputable from them)
// and a RunReport (schema version 1) that the writers in src/report render.
// Contract: seeds are decimal strings (64-bit safe); wall-clock figures appear
// only in fields named *WallMs or startedAt, never in verdicts or hashes.
import type { HistoryEvent } from "../history/events.js";
import type { Property, Verdict, Violation } from "../history/verdict.js";
import type { Expectation } from "./scenario.js";
import type { JsonValue } from "./scenario-json.js";
import { encodeSchedule } from "./schedule-string.js";
import type { EngineCoverage } from "./engine-coverage.js";

export const REPORT_SCHEMA_VERSION = 1;

/** History events kept per failing seed (the HTML timeline windows them further). */
export const HISTORY_EVENTS_MAX = 20_000;

/** Failing seeds per scenario that keep their history in the report (the first by index); the rest replay. */
export const HISTORIES_PER_SCENARIO_MAX = 3;

export interface SeedResult {
  readonly scenario: string;
  /** Decimal. */
  readonly seed: string;
  /** Position in the unsharded seed list (shards and merge key on it). */
  readonly index: number;
  readonly verdict: Verdict;
  readonly violations: readonly Violation[];
  readonly steps: number;
  /** Simulated time at the end of the run. */
  readonly timeUs: number;
  readonly traceHash: string;
  /** One line that reproduces this run. */
  readonly replay: string;
  /** Why the verdict is unknown (budgets), when it is. */
  readonly unknownReasons?: readonly string[];
  /** Failing seeds: the decision list (src/harness/schedule-string.ts). */
  readonly schedule?: string;
  /** Failing seeds: the recorded history, at most HISTORY_EVENTS_MAX events. */
  readonly history?: readonly HistoryEvent[];
  readonly historyTruncated?: boolean;
  /** The history was left out to keep the report small (replay the seed to see it). */
  readonly historyOmitted?: boolean;
  readonly stats?: Readonly<Record<string, number>>;
  /** A swarm scenario's configuration drawn for this seed: field path → value. */
  readonly config?: Readonly<Record<string, JsonValue>>;
  /** Rare engine events this seed reached, by label, with how often. */
  readonly sometimes?: Readonly<Record<string, number>>;
  /** Wall-clock duration of this seed on the machine that ran it (not deterministic). */
  readonly durationWallMs?: number;
}

export type ScenarioStatus = "passed" | "failed" | "unknown";

export interface ScenarioSummary {
  readonly seedsRun: number;
  readonly ok: number;
  /** Seeds with at least one violation. */
  readonly violations: number;
  readonly unknown: number;
  /** Properties broken in any seed, sorted. */
  readonly propertiesFound: readonly Property[];
  readonly expectationMet: boolean;
  readonly status: ScenarioStatus;
  /** The lowest-index seed with a violation. */
  readonly firstFailingSeed?: string;
  /** One sentence: why the status is what it is. */
  readonly reason: string;
  /** Sometimes-coverage: seeds that reached each rare engine event, and the declared ones none reached. */
  readonly sometimes?: SometimesSummary;
}

export interface SometimesSummary {
  /** Every label (src/engine/sometimes.ts) → seeds that reached it. */
  readonly seedsReaching: Readonly<Record<string, number>>;
  /** The scenario's `sometimes` list. */
  readonly declared: readonly string[];
  /** Declared events no seed reached: the scenario fails. */
  readonly unreached: readonly string[];
}

export interface ScenarioReport {
  readonly name: string;
  readonly file: string;
  readonly description: string;
  readonly expect: Expectation;
  /** Every bug switch on in this run (the scenario's and the command line's). */
  readonly bugs: readonly string[];
  readonly strategy: string;
  /** Rare engine events the scenario declares its seeds must reach (`"sometimes"`). */
  readonly sometimesDeclared?: readonly string[];
  /** Sorted by index; each index once. */
  readonly seeds: readonly SeedResult[];
  readonly summary: ScenarioSummary;
}

export interface Totals {
  readonly scenarios: number;
  readonly scenariosPassed: number;
  readonly scenariosFailed: number;
  readonly scenariosUnknown: number;
  readonly seeds: number;
  readonly ok: number;
  readonly violations: number;
  readonly unknown: number;
}

/** The same scenario and seed with different outcomes: nondeterminism, or shards of different code. */
export interface Conflict {
  readonly scenario: string;
  readonly seed: string;
  readonly traceHashes: readonly string[];
  readonly verdicts: readonly Verdict[];
  readonly sources: readonly string[];
}

export interface RunReport {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly runId: string;
  /** ISO time the run started (wall clock, informational). */
  readonly startedAt: string;
  readonly command: string;
  /** "i/n" when this report covers one shard. */
  readonly shard?: string;
  /** Run ids of the shard reports a merge joined. */
  readonly mergedFrom?: readonly string[];
  readonly scenarios: readonly ScenarioReport[];
  readonly totals: Totals;
  readonly conflicts: readonly Conflict[];
  /** violation if a scenario failed or a conflict was found, else unknown if one was unknown, else ok. */
  readonly verdict: Verdict;
  readonly durationWallMs?: number;
  /** Present when a signal stopped the run early: only seedsRun of seedsPlanned seeds ran. */
  readonly partial?: { readonly signal: string; readonly seedsPlanned: number; readonly seedsRun: number };
  /** With --coverage: the engine's line and branch coverage over every seed of the run (docs/coverage.md). */
  readonly coverage?: EngineCoverage;
}

/** What one simulated seed gave, as the run loop has it. */
export interface SeedOutcome {
  readonly verdict: Verdict;
  readonly violations: readonly Violation[];
  readonly steps: number;
  readonly timeUs: number;
  readonly traceHash: string;
  readonly decisions?: readonly number[];
  readonly history?: readonly HistoryEvent[];
  readonly unknownReasons?: readonly string[];
  readonly stats?: Readonly<Record<string, number>>;
  readonly config?: Readonly<Record<string, JsonValue>>;
  readonly sometimes?: Readonly<Record<string, number>>;
  readonly durationWallMs?: number;
}

export interface ReplayRef {
  /** The scenario file as the user named it (or its name for shipped ones). */
  readonly scenario: string;
  readonly seed: bigint;
  /** Bug switches given on the command line beyond the scenario's own. */
  readonly extraBugs?: readonly string[];
  /** A strategy given on the command line instead of the scenario's. */
  readonly strategy?: string;
  /** PCT's k when it was calibrated (src/harness/pct-calibration.ts): the replay gets the same k without recalibrating. */
  readonly pctK?: number;
}

function shellWord(w: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

/** `mvsim replay <scenario> --seed S [--strategy X] [--pct-k K] [--bug B ...]`. */
export function replayLine(r: ReplayRef): string {
  const words = ["mvsim", "replay", r.scenario, "--seed", r.seed.toString(10)];
  if (r.strategy !== undefined) words.push("--strategy", r.strategy);
  if (r.pctK !== undefined) words.push("--pct-k", String(r.pctK));
  for (const b of r.extraBugs ?? []) words.push("--bug", b);
  return words.map(shellWord).join(" ");
}

/** The same record without its history, marked so (a report keeps only a few histories per scenario). */
export function omitHistory(s: SeedResult): SeedResult {
  const { history: _dropped, historyTruncated: _t, ...rest } = s;
  return { ...rest, historyOmitted: true };
}

/** Builds the record of one seed; only failing seeds keep their schedule and history. */
export function seedResult(scenario: string, index: number, ref: ReplayRef, o: SeedOutcome): SeedResult {
  const failing = o.verdict === "violation";
  const history = failing && o.history ? o.history.slice(0, HISTORY_EVENTS_MAX) : undefined;
  return {
    scenario,
    seed: ref.seed.toString(10),
    index,
    verdict: o.verdict,
    violations: o.violations,
    steps: o.steps,
    timeUs: o.timeUs,
    traceHash: o.traceHash,
    replay: replayLine(ref),
    ...(o.unknownReasons && o.unknownReasons.length > 0 ? { unknownReasons: o.unknownReasons } : {}),
    ...(failing && o.decisions ? { schedule: encodeSchedule(o.decisions) } : {}),
    ...(history ? { history } : {}),
    ...(history && o.history && o.history.length > history.length ? { historyTruncated: true } : {}),
    ...(o.stats ? { stats: o.stats } : {}),
    ...(o.config ? { config: o.config } : {}),
    ...(o.sometimes ? { sometimes: o.sometimes } : {}),
    ...(o.durationWallMs !== undefined ? { durationWallMs: o.durationWallMs } : {}),
  };
}
