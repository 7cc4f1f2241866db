// Aggregates seed results into scenario summaries, totals, a report verdict
// and an exit code. A "pass" scenario passes when no seed violates anything; a
// "find" scenario passes when some seed violates one of its properties.
// Contract: pure functions of their inputs; merge recomputes everything with them.
import type { Property, Verdict } from "../history/verdict.js";
import { describeExpectation, type Expectation } from "./scenario.js";
import {
  HISTORIES_PER_SCENARIO_MAX,
  omitHistory,
  REPORT_SCHEMA_VERSION,
  type Conflict,
  type RunReport,
  type ScenarioReport,
  type ScenarioSummary,
  type SeedResult,
  type Totals,
} from "./run-result.js";
import { seedsReaching, unreached } from "./sometimes.js";

export function summarizeSeeds(expect: Expectation, seeds: readonly SeedResult[], sometimesDeclared: readonly string[] = []): ScenarioSummary {
  const s = summarizeVerdicts(expect, seeds);
  if (!seeds.some((x) => x.sometimes) && sometimesDeclared.length === 0) return s;
  const reached = seedsReaching(seeds.map((x) => x.sometimes));
  const missing = unreached(sometimesDeclared, reached);
  const sometimes = { seedsReaching: reached, declared: sometimesDeclared, unreached: missing };
  // A declared rare event nobody reached: the seeds did not test what the scenario is for.
  if (missing.length > 0 && s.status !== "failed" && seeds.length > 0) {
    return { ...s, sometimes, expectationMet: false, status: "failed", reason: `${s.reason}; but no seed reached ${missing.join(", ")} (declared in "sometimes")` };
  }
  return { ...s, sometimes };
}

function summarizeVerdicts(expect: Expectation, seeds: readonly SeedResult[]): ScenarioSummary {
  let ok = 0;
  let violations = 0;
  let unknown = 0;
  let first: SeedResult | undefined;
  let firstExpected: SeedResult | undefined;
  const found = new Set<Property>();
  const wanted = new Set<Property>(expect.kind === "find" ? expect.properties : []);
  for (const s of seeds) {
    if (s.verdict === "ok") ok++;
    else if (s.verdict === "unknown") unknown++;
    else {
      violations++;
      if (!first || s.index < first.index) first = s;
      const props = s.violations.map((v) => v.property);
      for (const p of props) found.add(p);
      if (props.some((p) => wanted.has(p)) && (!firstExpected || s.index < firstExpected.index)) firstExpected = s;
    }
  }
  const propertiesFound = [...found].sort();
  const n = seeds.length;
  const base = { seedsRun: n, ok, violations, unknown, propertiesFound };
  const failing = expect.kind === "find" ? (firstExpected ?? first) : first;
  const withSeed = failing ? { firstFailingSeed: failing.seed } : {};
  if (expect.kind === "pass") {
    if (violations > 0) {
      return { ...base, ...withSeed, expectationMet: false, status: "failed", reason: `${violations} of ${n} seeds broke ${propertiesFound.join(", ")}; expected pass` };
    }
    if (unknown > 0) return { ...base, expectationMet: false, status: "unknown", reason: `no violation, but ${unknown} of ${n} seeds ran out of budget` };
    return { ...base, expectationMet: true, status: "passed", reason: n === 0 ? "no seeds run" : `${n} seeds, no violation` };
  }
  const want = describeExpectation(expect);
  if (firstExpected) {
    const hits = seeds.filter((s) => s.violations.some((v) => wanted.has(v.property))).length;
    return { ...base, ...withSeed, expectationMet: true, status: "passed", reason: `${want}: found in ${hits} of ${n} seeds (first: seed ${firstExpected.seed})` };
  }
  if (violations > 0) {
    return { ...base, ...withSeed, expectationMet: false, status: "failed", reason: `expected to ${want}, but the seeds broke ${propertiesFound.join(", ")} instead` };
  }
  if (unknown > 0) return { ...base, expectationMet: false, status: "unknown", reason: `expected to ${want}; not found, and ${unknown} of ${n} seeds ran out of budget` };
  return { ...base, expectationMet: false, status: "failed", reason: `expected to ${want}, not found in ${n} seeds` };
}

/**
 * A scenario report with its seeds sorted by index and its summary computed.
 * Only the first HISTORIES_PER_SCENARIO_MAX failing seeds, and the one the
 * summary names, keep their history (shards keep their own first ones, so a
 * merge still holds the global first ones).
 */
export function scenarioReport(fields: Omit<ScenarioReport, "summary" | "seeds">, seeds: readonly SeedResult[]): ScenarioReport {
  const sorted = [...seeds].sort((a, b) => a.index - b.index || (a.seed < b.seed ? -1 : a.seed > b.seed ? 1 : 0));
  const summary = summarizeSeeds(fields.expect, sorted, fields.sometimesDeclared);
  let rank = 0;
  const trimmed = sorted.map((s): SeedResult => {
    if (s.history === undefined) return s;
    // The seed the summary points at keeps its history whatever its rank (the HTML draws it).
    if (rank++ < HISTORIES_PER_SCENARIO_MAX || s.seed === summary.firstFailingSeed) return s;
    return omitHistory(s);
  });
  return { ...fields, seeds: trimmed, summary };
}

export function totalsOf(scenarios: readonly ScenarioReport[]): Totals {
  const t = { scenarios: scenarios.length, scenariosPassed: 0, scenariosFailed: 0, scenariosUnknown: 0, seeds: 0, ok: 0, violations: 0, unknown: 0 };
  for (const s of scenarios) {
    if (s.summary.status === "passed") t.scenariosPassed++;
    else if (s.summary.status === "failed") t.scenariosFailed++;
    else t.scenariosUnknown++;
    t.seeds += s.summary.seedsRun;
    t.ok += s.summary.ok;
    t.violations += s.summary.violations;
    t.unknown += s.summary.unknown;
  }
  return t;
}

export function reportVerdict(totals: Totals, conflicts: readonly Conflict[]): Verdict {
  if (totals.scenariosFailed > 0 || conflicts.length > 0) return "violation";
  return totals.scenariosUnknown > 0 ? "unknown" : "ok";
}

export interface ReportHeader {
  readonly runId: string;
  readonly startedAt: string;
  readonly command: string;
  readonly shard?: string;
  readonly mergedFrom?: readonly string[];
  readonly durationWallMs?: number;
}

export function buildReport(header: ReportHeader, scenarios: readonly ScenarioReport[], conflicts: readonly Conflict[] = []): RunReport {
  const totals = totalsOf(scenarios);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    runId: header.runId,
    startedAt: header.startedAt,
    command: header.command,
    ...(header.shard !== undefined ? { shard: header.shard } : {}),
    ...(header.mergedFrom !== undefined ? { mergedFrom: header.mergedFrom } : {}),
    scenarios,
    totals,
    conflicts,
    verdict: reportVerdict(totals, conflicts),
    ...(header.durationWallMs !== undefined ? { durationWallMs: header.durationWallMs } : {}),
  };
}

/** The CLI's exit code for a report (src/cli/command.ts EXIT: 0 ok, 1 violation, 3 unknown). */
export function exitCodeOf(report: RunReport): 0 | 1 | 3 {
  return report.verdict === "ok" ? 0 : report.verdict === "violation" ? 1 : 3;
}

/** A run id from the start time and a few characters of salt: "20261121-131500-a1b2". */
export function makeRunId(startedAt: Date, salt: string): string {
  const iso = startedAt.toISOString();
  const stamp = `${iso.slice(0, 10).replace(/-/g, "")}-${iso.slice(11, 19).replace(/:/g, "")}`;
  let h = 2166136261;
  for (let i = 0; i < salt.length; i++) h = Math.imul(h ^ salt.charCodeAt(i), 16777619) >>> 0;
  return `${stamp}-${h.toString(16).padStart(8, "0").slice(0, 4)}`;
}
