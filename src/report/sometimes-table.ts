// The sometimes-coverage table of a report: for each rare engine event
// (src/engine/sometimes.ts), how many seeds reached it, in how many scenarios,
// which scenarios declare it and which of those never reached it.
// Contract: a pure function of the report; no table when no seed counted events.
import { SOMETIMES_LABELS } from "../engine/sometimes.js";
import type { RunReport } from "../harness/run-result.js";
import { escapeXml } from "./markup-escape.js";

export interface SometimesRow {
  readonly label: string;
  /** Seeds, over every scenario, that reached the event at least once. */
  readonly seeds: number;
  readonly scenariosReaching: readonly string[];
  readonly declaredIn: readonly string[];
  /** Scenarios that declare it and whose seeds never reached it (they failed). */
  readonly unreachedIn: readonly string[];
}

export function sometimesRows(report: RunReport): { rows: SometimesRow[]; seeds: number } | undefined {
  const counted = report.scenarios.filter((sc) => sc.summary.sometimes);
  if (counted.length === 0) return undefined;
  const rows = SOMETIMES_LABELS.map((label) => {
    const reaching = counted.filter((sc) => (sc.summary.sometimes!.seedsReaching[label] ?? 0) > 0);
    return {
      label,
      seeds: counted.reduce((n, sc) => n + (sc.summary.sometimes!.seedsReaching[label] ?? 0), 0),
      scenariosReaching: reaching.map((sc) => sc.name),
      declaredIn: counted.filter((sc) => sc.summary.sometimes!.declared.includes(label)).map((sc) => sc.name),
      unreachedIn: counted.filter((sc) => sc.summary.sometimes!.unreached.includes(label)).map((sc) => sc.name),
    };
  });
  return { rows, seeds: counted.reduce((n, sc) => n + sc.summary.seedsRun, 0) };
}

export function sometimesMarkdown(report: RunReport): string[] {
  const t = sometimesRows(report);
  if (!t) return [];
  const out = [
    "### Sometimes-coverage: rare engine events reached",
    "",
    `Seeds (of ${t.seeds}) that reached each event at least once. A scenario that declares an event in \`"sometimes"\` fails when none of its seeds reaches it.`,
    "",
    "| event | seeds | scenarios reaching | declared in | unreached in |",
    "|---|---:|---:|---|---|",
  ];
  for (const r of t.rows) {
    out.push(`| ${r.label} | ${r.seeds} | ${r.scenariosReaching.length} | ${r.declaredIn.join(", ")} | ${r.unreachedIn.length > 0 ? `❌ ${r.unreachedIn.join(", ")}` : ""} |`);
  }
  out.push("");
  return out;
}

export function sometimesHtml(report: RunReport): string {
  const t = sometimesRows(report);
  if (!t) return "";
  const rows = t.rows.map(
    (r) =>
      `<tr${r.unreachedIn.length > 0 ? ' class="violation"' : ""}><td>${escapeXml(r.label)}</td><td>${r.seeds}</td><td>${r.scenariosReaching.length}</td><td>${escapeXml(r.declaredIn.join(", "))}</td><td>${escapeXml(r.unreachedIn.join(", "))}</td></tr>`,
  );
  return [
    `<h2>Sometimes-coverage</h2><p class="note">Seeds (of ${t.seeds}) that reached each rare engine event; a scenario that declares an event fails when none of its seeds reaches it.</p>`,
    `<table><thead><tr><th>event</th><th>seeds</th><th>scenarios reaching</th><th>declared in</th><th>unreached in</th></tr></thead><tbody>`,
    ...rows,
    `</tbody></table>`,
  ].join("\n");
}
