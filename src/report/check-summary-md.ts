// summary.md of `mvsim check --out`: the verdict, a table with one row per
// checker, then each violating checker's first violations (position, actors,
// explanation), unknown reasons, checkers not run, and the command again.
// Contract: deterministic text for a given report; long explanations are cut.
import { violationPlace } from "../history/ids.js";
import type { CheckReport } from "./check-report.js";
import { markdownCell } from "./markup-escape.js";

const VERDICT = { ok: "✅ ok", violation: "❌ violation", unknown: "❔ unknown" } as const;
const VIOLATIONS_LISTED_MAX = 3;
const EXPLANATION_CHARS_MAX = 500;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function stats(s: Readonly<Record<string, number>> | undefined): string {
  return s ? Object.keys(s).map((k) => `${k}=${s[k]}`).join(", ") : "";
}

export function checkSummaryMarkdown(report: CheckReport): string {
  const lines = [
    `## mvsim check: ${VERDICT[report.verdict]}`,
    "",
    `\`${markdownCell(report.file)}\`: ${report.events} events, model ${markdownCell(report.model)}. Transactions are named T<n>, n = the history index of their invoke.`,
    "",
    "| checker | verdict | violations | figures |",
    "|---|---|---:|---|",
  ];
  for (const r of report.results) lines.push(`| ${markdownCell(r.checker)} | ${VERDICT[r.verdict]} | ${r.violations.length} | ${markdownCell(stats(r.stats))} |`);
  lines.push("");
  for (const r of report.results) {
    if (r.verdict === "ok") continue;
    lines.push(`### ${markdownCell(r.checker)}: ${VERDICT[r.verdict]}`, "");
    if (r.unknownReason) lines.push(`Unknown: ${markdownCell(r.unknownReason)}`, "");
    for (const v of r.violations.slice(0, VIOLATIONS_LISTED_MAX)) {
      lines.push(`- **${markdownCell(v.kind)}** (${v.property}) ${violationPlace(v)}: ${markdownCell(cut(v.explanation, EXPLANATION_CHARS_MAX))}`);
    }
    if (r.violations.length > VIOLATIONS_LISTED_MAX) lines.push(`- … and ${r.violations.length - VIOLATIONS_LISTED_MAX} more (report.json has them all)`);
    lines.push("");
  }
  if (report.skipped.length > 0) lines.push("Not run:", "", ...report.skipped.map((s) => `- ${markdownCell(s)}`), "");
  lines.push("```sh", report.command, "```", "");
  return lines.join("\n");
}
