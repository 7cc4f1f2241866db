// `mvsim check --out DIR`: builds the check report and writes its four files,
// saying where on stderr; a folder that cannot be written is one line naming it.
// Contract: returns false (the caller exits 2) only when writing failed.
import type { CheckResult } from "../check/checker.js";
import type { HistoryEvent } from "../history/events.js";
import type { Verdict } from "../history/verdict.js";
import { writeCheckReports } from "../report/check-folder.js";
import { CHECK_REPORT_SCHEMA_VERSION, checkCommandLine } from "../report/check-report.js";
import type { Io } from "./command.js";

export interface CheckOutInput {
  readonly argv: readonly string[];
  readonly file: string;
  readonly format: "jsonl" | "edn";
  readonly model: string;
  readonly events: readonly HistoryEvent[];
  readonly verdict: Verdict;
  readonly results: readonly CheckResult[];
  readonly skipped: readonly string[];
}

export async function writeCheckOut(io: Io, dir: string, c: CheckOutInput): Promise<boolean> {
  const report = {
    schemaVersion: CHECK_REPORT_SCHEMA_VERSION,
    kind: "check",
    file: c.file,
    format: c.format,
    model: c.model,
    events: c.events.length,
    command: checkCommandLine(c.argv),
    writtenAt: new Date().toISOString(),
    verdict: c.verdict,
    results: c.results,
    skipped: c.skipped,
  } as const;
  try {
    const written = await writeCheckReports(report, c.events, dir);
    io.err(`reports: ${written.files.join(", ")}`);
    return true;
  } catch (e) {
    io.err(`mvsim check: cannot write reports to ${dir}: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  }
}
