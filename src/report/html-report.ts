// index.html: one self-contained page (inline CSS, JS and SVG; no network).
// The scenario table, then for each scenario with a violation its first
// failing seed: the replay line, the violations, the timeline of threads and
// transactions with crash and power-loss markers, each violating cycle step by
// step, and each non-linearizable key as a partial linearization.
// Contract: deterministic markup for a given report; all report text escaped.
import { sometimesHtml } from "./sometimes-table.js";
import { configText } from "../harness/swarm.js";
import type { RunReport, ScenarioReport, SeedResult } from "../harness/run-result.js";
import { describeExpectation } from "../harness/scenario.js";
import type { Violation } from "../history/verdict.js";
import { HTML_SCRIPT, HTML_STYLE } from "./html-assets.js";
import { linearizationView, linEvidence } from "./html-linearization.js";
import { timelineSvg, type CycleEdgeView } from "./html-timeline.js";
import { escapeXml } from "./markup-escape.js";

/** Failing seeds drawn in full (one per scenario, first ones first). */
export const SEEDS_DRAWN_MAX = 12;
/** Violations listed before the timeline; the rest fold into <details>. */
const VIOLATIONS_SHOWN = 5;
/** Cycles drawn per seed (each with its own step-by-step list). */
const CYCLES_DRAWN_MAX = 3;

function cycleOf(v: Violation): CycleEdgeView[] | undefined {
  const ev = v.evidence as { cycle?: unknown } | null;
  if (typeof ev !== "object" || ev === null || !Array.isArray(ev.cycle)) return undefined;
  const edges = ev.cycle.filter((e): e is CycleEdgeView => typeof e === "object" && e !== null && typeof (e as CycleEdgeView).from === "string" && typeof (e as CycleEdgeView).to === "string");
  return edges.length > 0 ? edges.map((e) => ({ from: e.from, to: e.to, type: String(e.type ?? ""), explanation: String(e.explanation ?? "") })) : undefined;
}

/** History indices a violation points at: its step and its txns' events. */
function focusOf(v: Violation): number[] {
  const out = [v.step];
  const ev = v.evidence as { txns?: unknown; linearized?: unknown; unplaced?: unknown } | null;
  if (typeof ev === "object" && ev !== null) {
    for (const list of [ev.txns, ev.linearized, ev.unplaced]) {
      if (!Array.isArray(list)) continue;
      for (const t of list as Record<string, unknown>[]) {
        for (const k of ["invokeIndex", "completeIndex", "step"]) if (typeof t?.[k] === "number") out.push(t[k] as number);
      }
    }
  }
  return out;
}

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

/** History indices of the events a violation's evidence names (its sub-history), at most 400. */
function eventsOf(v: Violation): number[] {
  const ev = v.evidence as { subHistory?: unknown } | null;
  if (typeof ev !== "object" || ev === null || !Array.isArray(ev.subHistory)) return [];
  const out: number[] = [];
  for (const e of ev.subHistory as { index?: unknown }[]) if (typeof e?.index === "number" && out.length < 400) out.push(e.index);
  return out;
}

function violationItem(v: Violation, selected: boolean): string {
  const rules = v.rulesOut && v.rulesOut.length > 0 ? ` <span class="note">rules out ${escapeXml(v.rulesOut.join(", "))}</span>` : "";
  const events = eventsOf(v);
  const attrs = events.length > 0 ? ` data-events="${events.join(" ")}" title="click: highlight its operations on the timeline"` : "";
  return `<li class="violation-item${selected ? " selected" : ""}" data-property="${escapeXml(v.property)}"${attrs}><b>${escapeXml(v.kind)}</b> (${escapeXml(v.property)}) at step ${v.step}, threads ${escapeXml(v.threads.join(", "))}: ${escapeXml(v.explanation)}${rules}</li>`;
}

function cycleBlock(cycleId: string, v: Violation, edges: readonly CycleEdgeView[]): string {
  const items = edges.map(
    (e, i) => `<li data-step="${i}" data-from="${escapeXml(e.from)}" data-to="${escapeXml(e.to)}"><b>${escapeXml(e.from)} → ${escapeXml(e.to)}</b> (${escapeXml(e.type)}): ${escapeXml(e.explanation)}</li>`,
  );
  return (
    `<div class="cycle" data-cycle="${cycleId}"><h3>${escapeXml(v.kind)}: the cycle, edge by edge</h3>` +
    `<div><button type="button" data-act="prev">◀ previous</button><button type="button" data-act="next">next ▶</button>` +
    `<button type="button" data-act="all">all edges</button> <span class="pos"></span></div><ol class="cycle-steps">${items.join("")}</ol></div>`
  );
}

function seedSection(sc: ScenarioReport, s: SeedResult, id: string): string {
  const cycles: { id: string; v: Violation; edges: CycleEdgeView[] }[] = [];
  s.violations.forEach((v, i) => {
    const edges = cycleOf(v);
    if (edges && cycles.length < CYCLES_DRAWN_MAX) cycles.push({ id: `${id}-c${i}`, v, edges });
  });
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
  const shown = s.violations.slice(0, VIOLATIONS_SHOWN);
  const rest = s.violations.slice(VIOLATIONS_SHOWN);
  parts.push(`<h3>Violations (${s.violations.length})</h3><ol class="violations">${shown.map((v, i) => violationItem(v, i === 0)).join("")}</ol>`);
  if (rest.length > 0) {
    parts.push(`<details><summary>${rest.length} more violations</summary><ol class="violations" start="${VIOLATIONS_SHOWN + 1}">${rest.map((v) => violationItem(v, false)).join("")}</ol></details>`);
  }
  parts.push(`<h3>Timeline of threads and operations</h3>`);
  if (s.historyTruncated) parts.push(`<p class="note">The history was cut to its first ${history.length} events.</p>`);
  const involved = new Set(s.violations.length > 0 ? eventsOf(s.violations[0]!) : []);
  parts.push(timelineSvg({ id, history, focus: s.violations.flatMap(focusOf), involved, cycles: cycles.map((c) => ({ id: c.id, edges: c.edges })) }));
  parts.push(`<pre class="details">Click an operation for its details.</pre>`);
  for (const c of cycles) parts.push(cycleBlock(c.id, c.v, c.edges));
  s.violations.forEach((v, i) => {
    const lin = v.property === "linearizability" ? linEvidence(v.evidence) : undefined;
    if (lin) parts.push(`<h3>Linearizability</h3>${linearizationView(`${id}-lin${i}`, history, lin)}`);
  });
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
    drawn.length > 0 ? `<nav>Violating seeds: ${drawn.map((d) => `<a href="#${d.id}">${escapeXml(d.sc.name)} #${escapeXml(d.seed.seed)}</a>`).join("")}</nav>` : `<p>No seed violated anything.</p>`,
    ...drawn.map((d) => seedSection(d.sc, d.seed, d.id)),
    `<script>${HTML_SCRIPT}</script>`,
    "</body></html>",
    "",
  ].join("\n");
}
