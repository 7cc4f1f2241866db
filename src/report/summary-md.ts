// summary.md: the run in a form fit for a CI comment. A table with one row per
// scenario, then for each scenario that did not pass its failing seeds, each
// with its violations and the replay line in a code block, then conflicts.
// Contract: deterministic text for a given report; long explanations are cut.
import type { RunReport, ScenarioReport, SeedResult } from "../harness/run-result.js";
import { describeExpectation } from "../harness/scenario.js";
import { violationPlace } from "../history/ids.js";
import { configText } from "../harness/swarm.js";
import { markdownCell } from "./markup-escape.js";
import { sometimesMarkdown } from "./sometimes-table.js";
import { coverageMarkdown } from "./coverage-table.js";

const STATUS = { passed: "✅ passed", failed: "❌ failed", unknown: "❔ unknown" } as const;
const VERDICT = { ok: "✅ ok", violation: "❌ violation", unknown: "❔ unknown" } as const;
const SEEDS_SHOWN_MAX = 3;
const EXPLANATION_CHARS_MAX = 500;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function fence(text: string): string[] {
  const ticks = text.includes("```") ? "````" : "```";
  return [`${ticks}sh`, text, ticks];
}

function seedLines(s: SeedResult): string[] {
  const out = [`**seed ${s.seed}** — ${s.steps} steps, ${s.timeUs} µs simulated, trace \`${s.traceHash}\``, ""];
  for (const v of s.violations.slice(0, 3)) {
    out.push(`- **${markdownCell(v.kind)}** (${v.property}) ${violationPlace(v)}: ${markdownCell(cut(v.explanation, EXPLANATION_CHARS_MAX))}`);
  }
  if (s.violations.length > 3) out.push(`- … and ${s.violations.length - 3} more violations (report.json has them all)`);
  if (s.config) out.push("", `swarm configuration: \`${markdownCell(configText(s.config))}\``);
  out.push("", ...fence(s.replay));
  if (s.schedule && s.schedule.length <= 200) out.push("", `schedule: \`${s.schedule}\``);
  out.push("");
  return out;
}

function scenarioSection(sc: ScenarioReport): string[] {
  const out = [`### ${STATUS[sc.summary.status]}: ${sc.name}`, "", markdownCell(sc.summary.reason), ""];
  const failing = sc.seeds.filter((s) => s.verdict === "violation");
  for (const s of failing.slice(0, SEEDS_SHOWN_MAX)) out.push(...seedLines(s));
  if (failing.length > SEEDS_SHOWN_MAX) out.push(`… and ${failing.length - SEEDS_SHOWN_MAX} more failing seeds.`, "");
  const unknown = sc.seeds.filter((s) => s.verdict === "unknown");
  if (failing.length === 0 && unknown.length > 0) {
    const u = unknown[0]!;
    out.push(`First unknown seed ${u.seed}: ${markdownCell((u.unknownReasons ?? ["a budget ran out"]).join("; "))}`, "", ...fence(u.replay), "");
  }
  return out;
}

export function summaryMarkdown(report: RunReport): string {
  const t = report.totals;
  const lines = [
    `## mvsim: ${VERDICT[report.verdict]}`,
    "",
    ...(report.partial ? [`**Partial run**: stopped by ${report.partial.signal} after ${report.partial.seedsRun} of ${report.partial.seedsPlanned} seeds.`, ""] : []),
    `Run \`${report.runId}\` (\`${markdownCell(report.command)}\`${report.shard ? `, shard ${report.shard}` : ""}${report.mergedFrom ? `, merged from ${report.mergedFrom.length} reports` : ""}): ` +
      `${t.scenarios} scenarios — ${t.scenariosPassed} passed, ${t.scenariosFailed} failed, ${t.scenariosUnknown} unknown; ` +
      `${t.seeds} seeds — ${t.ok} ok, ${t.violations} with violations, ${t.unknown} unknown.`,
    "",
    "| scenario | expect | seeds | ok | violations | unknown | status | first violating seed |",
    "|---|---|---:|---:|---:|---:|---|---|",
  ];
  for (const sc of report.scenarios) {
    const s = sc.summary;
    const bugs = sc.bugs.length > 0 ? ` (bug: ${sc.bugs.join(", ")})` : "";
    lines.push(
      `| ${markdownCell(sc.name)}${markdownCell(bugs)} | ${describeExpectation(sc.expect)} | ${s.seedsRun} | ${s.ok} | ${s.violations} | ${s.unknown} | ${STATUS[s.status]} | ${s.firstFailingSeed ?? ""} |`,
    );
  }
  lines.push("");
  lines.push(...sometimesMarkdown(report));
  lines.push(...coverageMarkdown(report));
  const notPassed = report.scenarios.filter((sc) => sc.summary.status !== "passed");
  if (notPassed.length > 0) {
    lines.push("### What to look at", "");
    for (const sc of notPassed) lines.push(...scenarioSection(sc));
  }
  if (report.conflicts.length > 0) {
    lines.push("### ❌ Conflicts: the same seed gave different runs", "");
    lines.push("Shards (or reruns) disagree on these seeds: the simulation is not deterministic, or the shards ran different code.", "");
    for (const c of report.conflicts) {
      lines.push(`- ${markdownCell(c.scenario)} seed ${c.seed}: trace hashes ${c.traceHashes.map((h) => `\`${h}\``).join(" vs ")} (verdicts ${c.verdicts.join(" / ")}; from ${markdownCell(c.sources.join(", "))})`);
    }
    lines.push("");
  }
  return lines.join("\n");
}
