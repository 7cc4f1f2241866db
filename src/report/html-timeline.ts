// The timeline of a failing seed as inline SVG: one lane per thread, a bar per
// operation from invoke to completion (coloured ok / fail / info / open),
// crash and power-loss markers, and the edges of a violating cycle drawn
// between the bars of its txns (hidden until the step-by-step view shows them).
// Contract: x is the history index (events are evenly spaced); long histories
// are windowed around the indices that matter, and the window is stated.
import type { HistoryEvent } from "../history/events.js";
import { actorsText, historyIndexText, processText, threadText } from "../history/ids.js";
import { drawnOps, markers, opText, type DrawnOp } from "./history-ops.js";
import { escapeXml } from "./markup-escape.js";

export interface CycleEdgeView {
  readonly from: string;
  readonly to: string;
  readonly type: string;
  readonly explanation: string;
  /** The key (and value) that justifies a ww / wr / rw edge. */
  readonly key?: unknown;
  readonly value?: unknown;
}

export interface TimelineInput {
  readonly id: string;
  readonly history: readonly HistoryEvent[];
  /** History indices to keep in the window (violation steps, cycle txns). */
  readonly focus: readonly number[];
  /** History indices of the events the first violation names: their ops start highlighted. */
  readonly involved?: ReadonlySet<number>;
  /** Cycles to draw, each with an id used by the step list. */
  readonly cycles: readonly { readonly id: string; readonly edges: readonly CycleEdgeView[] }[];
}

export const WINDOW_EVENTS_MAX = 400;
/** Pixels per event: wide for short histories, at least 16. */
function eventWidth(events: number): number {
  return Math.max(16, Math.min(64, Math.floor(1000 / Math.max(1, events))));
}
const LANE_H = 26;
const BAR_H = 16;
const LEFT = 110;
const TOP = 38;

interface Box {
  readonly x1: number;
  readonly x2: number;
  readonly y: number;
}

/** The [lo, hi] history window to draw. */
export function timelineWindow(length: number, focus: readonly number[]): { lo: number; hi: number } {
  if (length <= WINDOW_EVENTS_MAX) return { lo: 0, hi: length - 1 };
  const f = focus.filter((i) => i >= 0 && i < length);
  const fLo = f.length > 0 ? Math.min(...f) : length - 1;
  const fHi = f.length > 0 ? Math.max(...f) : length - 1;
  let hi = Math.min(length - 1, Math.max(fHi + 20, fLo + WINDOW_EVENTS_MAX - 1));
  let lo = Math.max(0, hi - WINDOW_EVENTS_MAX + 1);
  // A focus wider than the window keeps its end: that is where a violation shows.
  if (lo > fLo && fHi - fLo + 1 <= WINDOW_EVENTS_MAX - 20) {
    lo = Math.max(0, fLo - 20);
    hi = Math.min(length - 1, lo + WINDOW_EVENTS_MAX - 1);
  }
  return { lo, hi };
}

function laneOrder(a: string, b: string): number {
  const na = Number(a.slice(1));
  const nb = Number(b.slice(1));
  return a[0] !== b[0] ? (a[0]! < b[0]! ? -1 : 1) : na - nb;
}

function detail(op: DrawnOp): string {
  const who = op.invoke.thread !== undefined ? `${processText(op.process)}, ${threadText(op.invoke.thread)}` : processText(op.process);
  const lines = [`${op.txnName}: ${opText(op)} — ${op.outcome}`, `invoke at ${historyIndexText(op.invokeIndex)}, ${op.invoke.time ?? "?"} µs, ${who}`];
  if (op.completion) lines.push(`${op.completion.type} at ${historyIndexText(op.completeIndex!)}, ${op.completion.time ?? "?"} µs${op.completion.error ? ` (${op.completion.error})` : ""}`);
  if (op.txn) lines.push(`engine stamps: txn id ${op.txn.id}, snapshot ${op.txn.start}${op.txn.commit !== undefined ? `, commit ${op.txn.commit}` : ""}`);
  return lines.join("\n");
}

export function timelineSvg(input: TimelineInput): string {
  const { history } = input;
  if (history.length === 0) return `<p class="note">No history was recorded for this seed.</p>`;
  const { lo, hi } = timelineWindow(history.length, input.focus);
  const inWindow = (i: number | undefined): boolean => i !== undefined && i >= lo && i <= hi;
  const ops = drawnOps(history).filter((o) => inWindow(o.invokeIndex) || inWindow(o.completeIndex) || (o.invokeIndex < lo && (o.completeIndex ?? hi) > hi));
  const lanes = [...new Set(ops.map((o) => o.lane))].sort(laneOrder);
  const laneY = new Map(lanes.map((l, i) => [l, TOP + i * LANE_H]));
  const DX = eventWidth(hi - lo + 1);
  const x = (i: number): number => LEFT + (Math.min(Math.max(i, lo), hi) - lo) * DX;
  const width = LEFT + (hi - lo + 2) * DX + 100;
  const height = TOP + lanes.length * LANE_H + 12;
  const parts: string[] = [];
  parts.push(`<defs><marker id="${input.id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>`);
  for (const l of lanes) {
    const y = laneY.get(l)!;
    const procs = [...new Set(ops.filter((o) => o.lane === l).map((o) => o.process))].sort((a, b) => a - b);
    // A thread lane names the history processes it ran, the ids violations list.
    const name = l.startsWith("t") ? `${threadText(Number(l.slice(1)))} · p${procs.join(",p")}` : processText(Number(l.slice(1)));
    parts.push(`<text class="lane" x="4" y="${y + BAR_H - 3}" data-processes="${procs.join(" ")}">${escapeXml(name)}<title>${escapeXml(actorsText("process", procs))}</title></text>`);
    parts.push(`<line class="lane-rule" x1="${LEFT}" x2="${width}" y1="${y + BAR_H + 4}" y2="${y + BAR_H + 4}"/>`);
  }
  const boxes = new Map<string, Box>();
  for (const op of ops) {
    const y = laneY.get(op.lane)!;
    const x1 = x(op.invokeIndex);
    const x2 = Math.max(x1 + 6, op.completeIndex === undefined ? x(hi) + DX : x(op.completeIndex) + DX * 0.6);
    boxes.set(op.txnName, { x1, x2, y });
    // A txn's text starts with its id already; a single-key op gets it too (the graph checker names it so).
    const label = op.f === "txn" ? opText(op) : `${op.txnName} ${opText(op)}`;
    const fits = Math.floor((x2 - x1 - 6) / 6.2);
    const txnAttr = ` data-txn="${escapeXml(op.txnName)}" data-process="${op.process}"`;
    const events = op.completeIndex === undefined ? `${op.invokeIndex}` : `${op.invokeIndex} ${op.completeIndex}`;
    const involved = input.involved?.has(op.invokeIndex) || (op.completeIndex !== undefined && input.involved?.has(op.completeIndex)) ? " involved" : "";
    parts.push(
      `<g class="op ${op.outcome}${involved}" id="${input.id}-op-${op.invokeIndex}"${txnAttr} data-events="${events}" data-detail="${escapeXml(detail(op))}">` +
        `<rect x="${x1}" y="${y}" width="${x2 - x1}" height="${BAR_H}" rx="3"/>` +
        (fits >= 2 ? `<text x="${x1 + 3}" y="${y + BAR_H - 4}">${escapeXml(label.length > fits ? `${label.slice(0, fits - 1)}…` : label)}</text>` : "") +
        `<title>${escapeXml(detail(op))}</title></g>`,
    );
  }
  const shownMarkers = markers(history).filter((mk) => inWindow(mk.index));
  shownMarkers.forEach((m, k) => {
    const mx = x(m.index) + DX / 2;
    // Labels alternate between two rows so neighbouring markers stay readable.
    const ty = k % 2 === 0 ? 11 : 24;
    parts.push(
      `<g class="marker ${escapeXml(m.kind)}" data-index="${m.index}"><line x1="${mx}" x2="${mx}" y1="${ty + 2}" y2="${height}"/>` +
        `<text x="${mx + 3}" y="${ty}">${escapeXml(m.label)}</text><title>${escapeXml(`${m.label} at ${historyIndexText(m.index)}, ${m.event.time ?? "?"} µs`)}</title></g>`,
    );
  });
  for (const c of input.cycles) {
    c.edges.forEach((e, i) => {
      const a = boxes.get(e.from);
      const b = boxes.get(e.to);
      if (!a || !b) return;
      const sx = Math.min(a.x2, Math.max(a.x1 + 4, b.x1));
      const ex = Math.max(b.x1 + 4, Math.min(b.x2 - 4, sx + DX));
      const sy = a.y + BAR_H / 2;
      const ey = b.y + BAR_H / 2;
      const bend = sy === ey ? -LANE_H : 0;
      const my = (sy + ey) / 2 + bend;
      parts.push(
        `<g class="edge" data-cycle="${escapeXml(c.id)}" data-step="${i}"><path d="M${sx},${sy} Q${(sx + ex) / 2 + 20},${my} ${ex},${ey}" marker-end="url(#${input.id}-arrow)"/>` +
          `<text x="${(sx + ex) / 2 + 12}" y="${my - 3}">${i + 1}. ${escapeXml(e.type)}</text><title>${escapeXml(e.explanation)}</title></g>`,
      );
    });
  }
  const note =
    lo > 0 || hi < history.length - 1
      ? `<p class="note">Showing history indices ${lo}–${hi} of ${history.length} events (the window around the violation).</p>`
      : `<p class="note">${history.length} events; x is the history index, T<i>n</i> names the op invoked at history index <i>n</i>, time in µs is in each bar's tooltip.</p>`;
  return `${note}<div class="scroll"><svg class="timeline" id="${input.id}-timeline" width="${width}" height="${height}" role="img" aria-label="timeline of threads and operations">${parts.join("")}</svg></div>`;
}
