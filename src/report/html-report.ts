// index.html: one self-contained page (inline CSS, JS and SVG; no network).
// The scenario table, then for each scenario with a violation its first
// failing seed: the replay line, the violations, the timeline of threads and
// transactions with crash and power-loss markers, each violating cycle step by
// step, and each non-linearizable key as a partial linearization.
// Contract: deterministic markup for a given report; all report text escaped.
import { sometimesHtml } from "./sometimes-table.js";
import { coverageHtml } from "./coverage-table.js";
import { configText } from "../harness/swarm.js";
import type { RunReport, ScenarioReport, SeedResult } from "../harness/run-result.js";
import { describeExpectation } from "../harness/scenario.js";
import { HTML_SCRIPT, HTML_STYLE } from "./html-assets.js";
import { historyBody } from "./html-violations.js";
import { escapeXml } from "./markup-escape.js";

/** Failing seeds drawn in full (one per scenario, first ones first). */
export const SEEDS_DRAWN_MAX = 12;

function scenarioRow(sc: ScenarioReport, anchor: string | undefined): string {
  const s = sc.summary;
  const first = s.firstFailingSeed ? (anchor ? `<a href="#${anchor}">${escapeXml(s.firstFailingSeed)}</a>` : escapeXml(s.firstFailingSeed)) : "";
  const bugs = sc.bugs.length > 0 ? `<br><span class="note">bug: ${escapeXml(sc.bugs.join(", "))}</span>` : "";
  return (
    `<tr class="scenario" data-scenario="${escapeXml(sc.name)}"><td title="${escapeXml(sc.description)}">${escapeXml(sc.name)}${bugs}</td>` +
    `<td>${escapeXml(describeExpectation(sc.expect))}</td><td class="num">${s.seedsRun}</td><td class="num">${s.ok}</td><td class="num">${s.violations}</td>` +
    `<td class="num">${s.unknown}</td><td class="${s.status}">${s.status}</td><td>${first}</td><td>${escapeXml(s.reason)}</td></tr>`
  );
}

function seedSection(sc: ScenarioReport, s: SeedResult, id: string): string {
  const history = s.history ?? [];
  const parts = [
    `<section class="seed" id="${id}" data-scenario="${escapeXml(sc.name)}" data-seed="${escapeXml(s.seed)}">`,
    `<h2>${escapeXml(sc.name)}: seed ${escapeXml(s.seed)}</h2>`,
    `<p class="note">${s.steps} steps, ${s.timeUs} µs simulated, trace hash <code>${escapeXml(s.traceHash)}</code>. Reproduce with:</p>`,
    `<pre class="replay">${escapeXml(s.replay)}</pre>`,
  ];
  if (s.config) parts.push(`<p class="note config">swarm configuration: <code>${escapeXml(configText(s.config))}</code></p>`);
  if (s.schedule) {
    const sch = s.schedule.length > 400 ? `${s.schedule.slice(0, 400)}… (${s.schedule.length} characters; report.json has it whole)` : s.schedule;
    parts.push(`<p class="note schedule">schedule: <code>${escapeXml(sch)}</code></p>`);
  }
  parts.push(...historyBody({ id, violations: s.violations, history, ...(s.historyTruncated ? { historyTruncated: true } : {}) }));
  parts.push(`</section>`);
  return parts.join("\n");
}

export function htmlReport(report: RunReport): string {
  const drawn: { sc: ScenarioReport; seed: SeedResult; id: string }[] = [];
  // Scenarios that failed their expectation first: they are what the reader came for.
  const byUrgency = [...report.scenarios].sort((a, b) => Number(b.summary.status === "failed") - Number(a.summary.status === "failed"));
  for (const sc of byUrgency) {
    if (drawn.length >= SEEDS_DRAWN_MAX) break;
    const seed = sc.seeds.find((x) => x.seed === sc.summary.firstFailingSeed && x.verdict === "violation");
    if (seed) drawn.push({ sc, seed, id: `seed-${drawn.length}` });
  }
  const anchor = new Map(drawn.map((d) => [d.sc.name, d.id]));
  const t = report.totals;
  const conflicts =
    report.conflicts.length === 0
      ? ""
      : `<h2 class="violation">Conflicts: the same seed gave different runs</h2><ul>${report.conflicts
          .map((c) => `<li>${escapeXml(c.scenario)} seed ${escapeXml(c.seed)}: trace hashes ${escapeXml(c.traceHashes.join(" vs "))} (${escapeXml(c.sources.join(", "))})</li>`)
          .join("")}</ul>`;
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>mvsim ${escapeXml(report.runId)}: ${report.verdict}</title><style>${HTML_STYLE}</style></head>`,
    `<body data-run="${escapeXml(report.runId)}" data-verdict="${report.verdict}">`,
    `<h1>mvsim: <span class="${report.verdict}">${report.verdict}</span></h1>`,
    `<p class="note">run <code>${escapeXml(report.runId)}</code> · <code>${escapeXml(report.command)}</code> · started ${escapeXml(report.startedAt)}${report.shard ? ` · shard ${escapeXml(report.shard)}` : ""}${report.mergedFrom ? ` · merged from ${escapeXml(report.mergedFrom.join(", "))}` : ""}</p>`,
    `<p>${t.scenarios} scenarios: ${t.scenariosPassed} passed, ${t.scenariosFailed} failed, ${t.scenariosUnknown} unknown. ${t.seeds} seeds: ${t.ok} ok, ${t.violations} with violations, ${t.unknown} unknown.</p>`,
    conflicts,
    `<h2>Scenarios</h2><table><thead><tr><th>scenario</th><th>expect</th><th>seeds</th><th>ok</th><th>violations</th><th>unknown</th><th>status</th><th>first violating seed</th><th>why</th></tr></thead><tbody>`,
    ...report.scenarios.map((sc) => scenarioRow(sc, anchor.get(sc.name))),
    `</tbody></table>`,
    sometimesHtml(report),
    coverageHtml(report),
    drawn.length > 0 ? `<nav>Violating seeds: ${drawn.map((d) => `<a href="#${d.id}">${escapeXml(d.sc.name)} #${escapeXml(d.seed.seed)}</a>`).join("")}</nav>` : `<p>No seed violated anything.</p>`,
    ...drawn.map((d) => seedSection(d.sc, d.seed, d.id)),
    `<script>${HTML_SCRIPT}</script>`,
    "</body></html>",
    "",
  ].join("\n");
}
