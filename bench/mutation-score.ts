// Reads a StrykerJS JSON report (mutation-testing-report-schema) back onto the
// sampled mutants and scores them. Score = Stryker's own: detected / valid, with
// detected = Killed + Timeout and valid = detected + Survived + NoCoverage
// (CompileError, RuntimeError and Ignored are not valid mutants).
// Contract: every sampled mutant must be found in the report, or this throws;
// mutants run beyond the sample are counted, never scored.
import { readFileSync } from "node:fs";
import { mutantKey, type EngineMutant, type Span } from "./mutation-sample.js";

export type MutantStatus = "Killed" | "Timeout" | "Survived" | "NoCoverage" | "CompileError" | "RuntimeError" | "Ignored" | "Pending";

export interface ScoredMutant {
  readonly mutant: EngineMutant;
  readonly status: MutantStatus;
  /** Tests (scenarios) that killed it, as Stryker names them. */
  readonly killedBy: readonly string[];
}

export interface GateScore {
  readonly mutants: readonly ScoredMutant[];
  readonly counts: Readonly<Record<string, number>>;
  readonly detected: number;
  readonly valid: number;
  /** Mutants run that are not in the sample (on a node between two nested drawn sites): not scored. */
  readonly extras: number;
}

interface ReportMutant {
  readonly id: string;
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly location: { start: { line: number; column: number }; end: { line: number; column: number } };
  readonly status: MutantStatus;
  readonly killedBy?: readonly string[];
}

interface Report {
  readonly files: Readonly<Record<string, { readonly mutants: readonly ReportMutant[] }>>;
  readonly testFiles?: Readonly<Record<string, { readonly tests: readonly { id: string; name: string }[] }>>;
}

/** The report's 1-based lines and columns, back to the API's 0-based ones. */
function spanOf(m: ReportMutant): Span {
  const l = m.location;
  return { start: { line: l.start.line - 1, column: l.start.column - 1 }, end: { line: l.end.line - 1, column: l.end.column - 1 } };
}

export function scoreReport(reportFile: string, sample: readonly EngineMutant[]): GateScore {
  const report = JSON.parse(readFileSync(reportFile, "utf8")) as Report;
  const testNames = new Map<string, string>();
  for (const f of Object.values(report.testFiles ?? {})) for (const t of f.tests) testNames.set(t.id, t.name);
  const found = new Map<string, ReportMutant>();
  for (const [file, f] of Object.entries(report.files)) {
    const rel = file.split("\\").join("/");
    for (const m of f.mutants) {
      if (m.status === "Ignored") continue;
      found.set(mutantKey({ file: rel, mutator: m.mutatorName, replacement: m.replacement ?? "", span: spanOf(m) }), m);
    }
  }
  const counts: Record<string, number> = {};
  const mutants = sample.map((mutant) => {
    const m = found.get(mutantKey(mutant));
    if (!m) throw new Error(`mutation report ${reportFile}: sampled mutant ${mutantKey(mutant)} is missing`);
    counts[m.status] = (counts[m.status] ?? 0) + 1;
    return { mutant, status: m.status, killedBy: (m.killedBy ?? []).map((id) => testNames.get(id) ?? id) };
  });
  const detected = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
  const valid = detected + (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
  return { mutants, counts, detected, valid, extras: found.size - sample.length };
}

/** One line for a mutant: where, which mutator, original -> replacement (long text cut). */
export function describeMutant(m: EngineMutant): string {
  const cut = (t: string): string => {
    const one = t.replace(/\s+/g, " ").trim();
    return one.length > 70 ? `${one.slice(0, 67)}...` : one;
  };
  return `${m.file}:${m.span.start.line + 1}:${m.span.start.column + 1} ${m.mutator}: ${cut(m.original)} -> ${cut(m.replacement)}`;
}
