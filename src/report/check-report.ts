// What `mvsim check HISTORY --out DIR` reports, as plain JSON-ready data: the
// file, the model, each checker's result with its violations, the checkers not
// run and why, and the verdict. report.json is this object (schema version 1,
// `"kind": "check"`, so it is never mistaken for a run's report).
// Contract: deterministic for a given history and options, except `writtenAt`
// (wall clock, informational); bigint written as decimal strings.
import type { CheckResult } from "../check/checker.js";
import type { Verdict } from "../history/verdict.js";

export const CHECK_REPORT_SCHEMA_VERSION = 1;

export interface CheckReport {
  readonly schemaVersion: typeof CHECK_REPORT_SCHEMA_VERSION;
  readonly kind: "check";
  /** The history file as the user named it. */
  readonly file: string;
  readonly format: "jsonl" | "edn";
  readonly model: string;
  /** Events in the history. */
  readonly events: number;
  /** The command line that gives this report again. */
  readonly command: string;
  /** ISO time the report was written (wall clock, informational). */
  readonly writtenAt: string;
  readonly verdict: Verdict;
  readonly results: readonly CheckResult[];
  /** Checkers not run, each with why. */
  readonly skipped: readonly string[];
}

export function checkReportJson(report: CheckReport): string {
  return JSON.stringify(report, (_k, v: unknown) => (typeof v === "bigint" ? v.toString(10) : v), 2) + "\n";
}

/** Every violation of every checker, in the checkers' order. */
export function allViolations(report: CheckReport): CheckResult["violations"] {
  return report.results.flatMap((r) => r.violations);
}

function shellWord(w: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

/** `mvsim check <argv...>`, quoted for a POSIX shell. */
export function checkCommandLine(argv: readonly string[]): string {
  return ["mvsim", "check", ...argv].map(shellWord).join(" ");
}
