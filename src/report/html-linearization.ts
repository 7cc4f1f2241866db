// The per-key linearizability view, drawn as Porcupine draws it: the key's ops
// as bars in one lane per process on a time axis (the key's own events in
// history order), the longest partial linearization as numbered points joined
// in linearization order, the op that could not be placed next outlined in
// red with the state it met, the ops never placed greyed. Input is the
// linearizability checker's evidence { key, linearized[{step,...}], unplaced, blocked }.
// Contract: renders what the evidence claims; ops are matched by invoke index
// (history index); a key with many ops is windowed around the blocked op, and
// the window is stated.
import type { HistoryEvent } from "../history/events.js";
import { historyIndexText, txnId } from "../history/ids.js";
import { drawnOps, opKey, opText, type DrawnOp } from "./history-ops.js";
import { escapeXml } from "./markup-escape.js";

interface LinStep {
  readonly step: number;
  readonly process: number;
  readonly op: string;
  readonly stateAfter?: unknown;
}

export interface LinEvidence {
  readonly key: unknown;
  readonly linearized: readonly LinStep[];
  readonly unplaced: readonly LinStep[];
  readonly blocked: string | null;
  readonly stateAfterLongest?: unknown;
}

/** The evidence, if it has the linearizability checker's shape. */
export function linEvidence(evidence: unknown): LinEvidence | undefined {
  if (typeof evidence !== "object" || evidence === null) return undefined;
  const e = evidence as Record<string, unknown>;
  if (!("key" in e) || !Array.isArray(e.linearized)) return undefined;
  const steps = (v: unknown): LinStep[] => (Array.isArray(v) ? v.filter((s): s is LinStep => typeof s === "object" && s !== null && typeof (s as LinStep).step === "number") : []);
  return {
    key: e.key,
    linearized: steps(e.linearized),
    unplaced: steps(e.unplaced),
    blocked: typeof e.blocked === "string" ? e.blocked : null,
    ...("stateAfterLongest" in e ? { stateAfterLongest: e.stateAfterLongest } : {}),
  };
}

/** Ops of one key drawn at most; beyond it the view is a window around the blocked op. */
export const LIN_OPS_DRAWN_MAX = 160;
/** Placed ops listed in words (the last ones: they lead to the op that cannot be placed). */
const LIN_STEPS_LISTED_MAX = 20;
const LANE_H = 34;
const BAR_H = 18;
const LEFT = 96;
const TOP = 26;

/** The ops to draw: all of them, or a window ending a little after the op that matters. */
function windowOps(ops: readonly DrawnOp[], center: number | undefined): DrawnOp[] {
  if (ops.length <= LIN_OPS_DRAWN_MAX) return [...ops];
  const at = Math.max(0, center === undefined ? ops.length - 1 : ops.findIndex((o) => o.invokeIndex === center));
  const hi = Math.min(ops.length, at + 1 + Math.floor(LIN_OPS_DRAWN_MAX / 4));
  const lo = Math.max(0, hi - LIN_OPS_DRAWN_MAX);
  return ops.slice(lo, hi);
}

const stateText = (s: unknown): string => JSON.stringify(s ?? null);

export function linearizationView(id: string, history: readonly HistoryEvent[], ev: LinEvidence): string {
  const key = JSON.stringify(ev.key);
  const allOps = drawnOps(history).filter((o) => opKey(o) === key);
  const order = new Map(ev.linearized.map((s, i) => [s.step, i]));
  const unplaced = new Set(ev.unplaced.map((s) => s.step));
  const blockedStep = ev.unplaced.find((s) => s.op === ev.blocked)?.step;
  const finalState = ev.stateAfterLongest ?? ev.linearized[ev.linearized.length - 1]?.stateAfter ?? null;
  const firstListed = Math.max(0, ev.linearized.length - LIN_STEPS_LISTED_MAX);
  const list = [
    ...(firstListed > 0 ? [`<li class="unplaced" value="0">… ${firstListed} earlier placed ops (report.json has them all)</li>`] : []),
    ...ev.linearized.slice(firstListed).map((s, j) => [s, firstListed + j] as const).map(([s, i]) => `<li class="lin" value="${i + 1}">${txnId(s.step)}, process ${s.process}: ${escapeXml(s.op)} → state ${escapeXml(stateText(s.stateAfter))}</li>`),
    ...(ev.blocked
      ? [`<li class="blocked">${blockedStep !== undefined ? `${txnId(blockedStep)}: ` : ""}cannot be placed next: ${escapeXml(ev.blocked)} (the state is ${escapeXml(stateText(finalState))})</li>`]
      : []),
    ...ev.unplaced.filter((s) => s.step !== blockedStep).map((s) => `<li class="unplaced">not placed: ${txnId(s.step)}, process ${s.process}: ${escapeXml(s.op)}</li>`),
  ];
  const head = `<h4>Key ${escapeXml(key)}: longest partial linearization (${ev.linearized.length} placed, ${ev.unplaced.length} not)</h4>`;
  if (allOps.length === 0) {
    return `<div class="lin-view" id="${id}">${head}<p class="note">The history holds no op on this key.</p><ol class="lin-steps">${list.join("")}</ol></div>`;
  }
  const ops = windowOps(allOps, blockedStep ?? ev.linearized[ev.linearized.length - 1]?.step);
  // The axis is the key's own events in history order: other keys' events would only stretch it.
  const ticks = [...new Set(ops.flatMap((o) => (o.completeIndex === undefined ? [o.invokeIndex] : [o.invokeIndex, o.completeIndex])))].sort((a, b) => a - b);
  const pos = new Map(ticks.map((t, i) => [t, i]));
  const DX = Math.max(30, Math.min(64, Math.floor(1100 / Math.max(1, ticks.length))));
  const x = (i: number): number => LEFT + pos.get(i)! * DX;
  const end = (o: DrawnOp): number => (o.completeIndex === undefined ? LEFT + ticks.length * DX : x(o.completeIndex) + DX * 0.7);
  const procs = [...new Set(ops.map((o) => o.process))].sort((a, b) => a - b);
  const y = (p: number): number => TOP + procs.indexOf(p) * LANE_H;
  const parts: string[] = [];
  for (const p of procs) parts.push(`<text class="lane" x="4" y="${y(p) + 13}">process ${p}</text><line class="lane-rule" x1="${LEFT}" x2="${LEFT + (ticks.length + 1) * DX}" y1="${y(p) + BAR_H + 6}" y2="${y(p) + BAR_H + 6}"/>`);
  const placed = ops.filter((o) => order.has(o.invokeIndex)).sort((a, b) => order.get(a.invokeIndex)! - order.get(b.invokeIndex)!);
  // Linearization points: inside each op's bar and moving right, as a legal order allows.
  const points: { cx: number; cy: number; rank: number }[] = [];
  let last = -Infinity;
  for (const o of placed) {
    const x1 = x(o.invokeIndex) + 5;
    const x2 = end(o) - 5;
    const px = Math.min(Math.max(last + 6, x1), Math.max(x1, x2));
    last = px;
    // On the bar's lower edge, so the path runs under the labels.
    points.push({ cx: px, cy: y(o.process) + BAR_H, rank: order.get(o.invokeIndex)! });
  }
  for (const o of ops) {
    const x1 = x(o.invokeIndex);
    const x2 = Math.max(x1 + 10, end(o));
    const rank = order.get(o.invokeIndex);
    const cls = rank !== undefined ? "lin" : o.invokeIndex === blockedStep ? "blocked" : unplaced.has(o.invokeIndex) ? "unplaced" : "other";
    const label = `${rank !== undefined ? `${rank + 1}. ` : ""}${opText(o)}`;
    const state = rank !== undefined ? `, state after: ${stateText(ev.linearized[rank]!.stateAfter)}` : cls === "blocked" ? `, cannot follow state ${stateText(finalState)}` : "";
    const fits = Math.floor((x2 - x1 - 6) / 6.6);
    parts.push(
      `<g class="lin-op ${cls}" data-step="${o.invokeIndex}" data-txn="${o.txnName}"><rect x="${x1}" y="${y(o.process)}" width="${x2 - x1}" height="${BAR_H}" rx="3"/>` +
        (fits >= 2 ? `<text x="${x1 + 3}" y="${y(o.process) + 13}">${escapeXml(label.length > fits ? `${label.slice(0, fits - 1)}…` : label)}</text>` : "") +
        `<title>${escapeXml(`${o.txnName} ${label} (${o.outcome}, ${historyIndexText(o.invokeIndex)}–${o.completeIndex ?? "open"}${state})`)}</title></g>`,
    );
  }
  if (points.length > 1) parts.push(`<polyline class="lin-path" points="${points.map((p) => `${p.cx},${p.cy}`).join(" ")}"/>`);
  for (const p of points) parts.push(`<circle class="lin-point" cx="${p.cx}" cy="${p.cy}" r="3.5"><title>linearization point ${p.rank + 1}</title></circle>`);
  const blockedOp = ops.find((o) => o.invokeIndex === blockedStep);
  if (blockedOp && points.length > 0) {
    // The path ends at the blocked op: the next step the search could not take.
    const lp = points[points.length - 1]!;
    const bx = Math.max(x(blockedOp.invokeIndex) + 5, Math.min(lp.cx + 6, end(blockedOp) - 5));
    const by = y(blockedOp.process) + BAR_H;
    parts.push(`<line class="lin-stuck" x1="${lp.cx}" y1="${lp.cy}" x2="${bx}" y2="${by}"/><text class="lin-stuck-label" x="${bx + 6}" y="${by - BAR_H - 4}">✗ cannot follow state ${escapeXml(stateText(finalState))}</text>`);
  }
  const width = LEFT + (ticks.length + 2) * DX + 120;
  const height = TOP + procs.length * LANE_H + 8;
  const windowNote =
    ops.length < allOps.length
      ? `<p class="note">Showing ${ops.length} of the ${allOps.length} ops on this key (${historyIndexText(ops[0]!.invokeIndex)} to ${historyIndexText(ops[ops.length - 1]!.invokeIndex)}), the window before the op that cannot be placed.</p>`
      : `<p class="note">x: this key's events in history order. Green bars are placed, numbered in linearization order and joined by the dashed path through their linearization points; the red one cannot be placed next; grey ones were not placed.</p>`;
  return (
    `<div class="lin-view" id="${id}">${head}${windowNote}` +
    `<div class="scroll"><svg class="lin" width="${width}" height="${height}" role="img" aria-label="partial linearization of key ${escapeXml(key)}">${parts.join("")}</svg></div>` +
    `<ol class="lin-steps">${list.join("")}</ol></div>`
  );
}
