// The body every HTML report draws for one history and its violations: the
// list (click one to highlight its ops), the timeline, each cycle as a drawn
// graph and edge by edge, each illegal key as a partial linearization.
// Shared by a run's failing seed (html-report.ts) and `mvsim check --out`.
// Contract: deterministic markup; all text escaped; ids derive from `id`.
import type { HistoryEvent } from "../history/events.js";
import { violationPlace } from "../history/ids.js";
import type { Violation } from "../history/verdict.js";
import { cycleGraphSvg } from "./html-cycle-graph.js";
import { linearizationView, linEvidence } from "./html-linearization.js";
import { timelineSvg, type CycleEdgeView } from "./html-timeline.js";
import { escapeXml } from "./markup-escape.js";

/** Violations listed before the timeline; the rest fold into <details>. */
const VIOLATIONS_SHOWN = 5;
/** Cycles drawn per history (each with its own step-by-step list). */
const CYCLES_DRAWN_MAX = 3;
/** Last placed ops of a partial linearization kept in the timeline's window. */
const LIN_FOCUS_LAST = 5;
/** Illegal keys drawn per history. */
const LIN_VIEWS_MAX = 5;

export function cycleOf(v: Violation): CycleEdgeView[] | undefined {
  const ev = v.evidence as { cycle?: unknown } | null;
  if (typeof ev !== "object" || ev === null || !Array.isArray(ev.cycle)) return undefined;
  const edges = ev.cycle.filter((e): e is CycleEdgeView => typeof e === "object" && e !== null && typeof (e as CycleEdgeView).from === "string" && typeof (e as CycleEdgeView).to === "string");
  if (edges.length === 0) return undefined;
  return edges.map((e) => ({ from: e.from, to: e.to, type: String(e.type ?? ""), explanation: String(e.explanation ?? ""), ...("key" in e ? { key: e.key } : {}), ...("value" in e ? { value: e.value } : {}) }));
}

/** History indices a violation points at: its step and its txns' events. */
export function focusOf(v: Violation): number[] {
  // A scheduler step is no position on the history axis.
  const out = v.stepKind === "scheduler-step" ? [] : [v.step];
  const ev = v.evidence as { txns?: unknown; linearized?: unknown } | null;
  if (typeof ev === "object" && ev !== null) {
    // A linearization's last placed ops lead to the violation; its first ones and
    // the ops never placed may lie far away and would pull the window off it.
    const lin = Array.isArray(ev.linearized) ? ev.linearized.slice(-LIN_FOCUS_LAST) : undefined;
    for (const list of [ev.txns, lin]) {
      if (!Array.isArray(list)) continue;
      for (const t of list as Record<string, unknown>[]) {
        for (const k of ["invokeIndex", "completeIndex", "step"]) if (typeof t?.[k] === "number") out.push(t[k] as number);
      }
    }
  }
  return out;
}

/** History indices of the events a violation's evidence names (its sub-history), at most 400. */
export function eventsOf(v: Violation): number[] {
  const ev = v.evidence as { subHistory?: unknown } | null;
  if (typeof ev !== "object" || ev === null || !Array.isArray(ev.subHistory)) return [];
  const out: number[] = [];
  for (const e of ev.subHistory as { index?: unknown }[]) if (typeof e?.index === "number" && out.length < 400) out.push(e.index);
  return out;
}

export function violationItem(v: Violation, selected: boolean): string {
  const rules = v.rulesOut && v.rulesOut.length > 0 ? ` <span class="note">rules out ${escapeXml(v.rulesOut.join(", "))}</span>` : "";
  const events = eventsOf(v);
  const attrs = events.length > 0 ? ` data-events="${events.join(" ")}" title="click: highlight its operations on the timeline"` : "";
  return `<li class="violation-item${selected ? " selected" : ""}" data-property="${escapeXml(v.property)}"${attrs}><b>${escapeXml(v.kind)}</b> (${escapeXml(v.property)}) ${escapeXml(violationPlace(v))}: ${escapeXml(v.explanation)}${rules}</li>`;
}

function cycleBlock(cycleId: string, v: Violation, edges: readonly CycleEdgeView[]): string {
  const items = edges.map(
    (e, i) => `<li data-step="${i}" data-from="${escapeXml(e.from)}" data-to="${escapeXml(e.to)}"><b>${escapeXml(e.from)} → ${escapeXml(e.to)}</b> (${escapeXml(e.type)}): ${escapeXml(e.explanation)}</li>`,
  );
  return (
    `<div class="cycle" data-cycle="${cycleId}"><h3>${escapeXml(v.kind)}: the cycle, edge by edge</h3>` +
    `<div class="cycle-body">${cycleGraphSvg(cycleId, edges)}<div class="cycle-walk">` +
    `<div><button type="button" data-act="prev">◀ previous</button><button type="button" data-act="next">next ▶</button>` +
    `<button type="button" data-act="all">all edges</button> <span class="pos"></span></div><ol class="cycle-steps">${items.join("")}</ol></div></div></div>`
  );
}

export interface HistoryBody {
  /** Prefix of every element id in this body. */
  readonly id: string;
  readonly violations: readonly Violation[];
  readonly history: readonly HistoryEvent[];
  /** Set when `history` is a prefix of what was recorded. */
  readonly historyTruncated?: boolean;
}

/** The violations, timeline, cycles and linearizations of one history, as markup fragments. */
export function historyBody(b: HistoryBody): string[] {
  const { id, violations, history } = b;
  const cycles: { id: string; v: Violation; edges: CycleEdgeView[] }[] = [];
  violations.forEach((v, i) => {
    const edges = cycleOf(v);
    if (edges && cycles.length < CYCLES_DRAWN_MAX) cycles.push({ id: `${id}-c${i}`, v, edges });
  });
  const parts: string[] = [];
  const shown = violations.slice(0, VIOLATIONS_SHOWN);
  const rest = violations.slice(VIOLATIONS_SHOWN);
  parts.push(`<h3>Violations (${violations.length})</h3><ol class="violations">${shown.map((v, i) => violationItem(v, i === 0)).join("")}</ol>`);
  if (rest.length > 0) {
    parts.push(`<details><summary>${rest.length} more violations</summary><ol class="violations" start="${VIOLATIONS_SHOWN + 1}">${rest.map((v) => violationItem(v, false)).join("")}</ol></details>`);
  }
  parts.push(`<h3>Timeline of threads and operations</h3>`);
  if (b.historyTruncated) parts.push(`<p class="note">The history was cut to its first ${history.length} events.</p>`);
  const involved = new Set(violations.length > 0 ? eventsOf(violations[0]!) : []);
  parts.push(timelineSvg({ id, history, focus: violations.flatMap(focusOf), involved, cycles: cycles.map((c) => ({ id: c.id, edges: c.edges })) }));
  parts.push(`<pre class="details">Click an operation for its details.</pre>`);
  for (const c of cycles) parts.push(cycleBlock(c.id, c.v, c.edges));
  let drawn = 0;
  violations.forEach((v, i) => {
    const lin = v.property === "linearizability" ? linEvidence(v.evidence) : undefined;
    if (!lin || drawn >= LIN_VIEWS_MAX) return;
    drawn++;
    parts.push(`<h3>Linearizability</h3>${linearizationView(`${id}-lin${i}`, history, lin)}`);
  });
  return parts;
}
