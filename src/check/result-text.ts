// Check results as lines a person reads: one line per checker, then each
// violation with its property, step, threads, models ruled out, explanation
// and sub-history. Contract: deterministic text; long evidence is cut, never reordered.
import type { HistoryEvent } from "../history/events.js";
import { violationPlace } from "../history/ids.js";
import type { Violation } from "../history/verdict.js";
import type { CheckResult } from "./checker.js";
import { eventToJson } from "../history/jsonl.js";

export interface TextOptions {
  /** Violations printed per checker. */
  readonly maxViolations?: number;
  /** Sub-history events printed per violation. */
  readonly maxEvents?: number;
}

function stats(r: CheckResult): string {
  const s = r.stats ?? {};
  const parts = Object.keys(s).map((k) => `${k}=${s[k]}`);
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

function isEvent(x: unknown): x is HistoryEvent {
  return typeof x === "object" && x !== null && "type" in x && "process" in x && "f" in x;
}

export function violationLines(v: Violation, maxEvents: number): string[] {
  const lines = [`  ✗ ${v.kind} [${v.property}] ${violationPlace(v)}`];
  if (v.rulesOut && v.rulesOut.length > 0) lines.push(`    rules out: ${v.rulesOut.join(", ")}`);
  lines.push(`    ${v.explanation}`);
  const ev = (typeof v.evidence === "object" && v.evidence !== null ? v.evidence : {}) as Record<string, unknown>;
  const sub = Array.isArray(ev.subHistory) ? ev.subHistory.filter(isEvent) : [];
  const rest = Object.fromEntries(Object.entries(ev).filter(([k]) => k !== "subHistory"));
  const restText = JSON.stringify(rest);
  if (restText !== "{}") lines.push(`    evidence: ${restText.length > 600 ? restText.slice(0, 597) + "..." : restText}`);
  if (sub.length > 0) {
    lines.push(`    sub-history (${sub.length} event${sub.length === 1 ? "" : "s"}):`);
    for (const e of sub.slice(0, maxEvents)) lines.push(`      ${eventToJson(e)}`);
    if (sub.length > maxEvents) lines.push(`      ... ${sub.length - maxEvents} more`);
  }
  return lines;
}

export function resultLines(results: readonly CheckResult[], o: TextOptions = {}): string[] {
  const maxV = o.maxViolations ?? 5;
  const maxE = o.maxEvents ?? 12;
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${r.checker}: ${r.verdict}${stats(r)}`);
    if (r.unknownReason) lines.push(`  ? ${r.unknownReason}`);
    // The graph checker adds a verdict per consistency model and what the asked model tolerates.
    const extra = r as { models?: Record<string, string>; tolerated?: readonly Violation[] };
    if (extra.models) lines.push(`  models: ${Object.keys(extra.models).map((m) => `${m}=${extra.models![m]}`).join(", ")}`);
    if (extra.tolerated && extra.tolerated.length > 0) lines.push(`  tolerated by this model: ${[...new Set(extra.tolerated.map((v) => v.kind))].join(", ")}`);
    for (const v of r.violations.slice(0, maxV)) lines.push(...violationLines(v, maxE));
    if (r.violations.length > maxV) lines.push(`  ... ${r.violations.length - maxV} more violation(s)`);
  }
  return lines;
}
