// The per-key linearizability view, drawn as Porcupine does: the key's ops as
// bars in one lane per process, the longest partial linearization numbered and
// joined by a path through its linearization order, the op that could not be
// placed outlined, the rest greyed. Input is the linearizability checker's
// evidence { key, linearized[{step,...}], unplaced[...], blocked }.
// Contract: renders what the evidence claims; ops are matched by invoke index.
import type { HistoryEvent } from "../history/events.js";
import { drawnOps, opKey, opText } from "./history-ops.js";
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
}

/** The evidence, if it has the linearizability checker's shape. */
export function linEvidence(evidence: unknown): LinEvidence | undefined {
  if (typeof evidence !== "object" || evidence === null) return undefined;
  const e = evidence as Record<string, unknown>;
  if (!("key" in e) || !Array.isArray(e.linearized)) return undefined;
  const steps = (v: unknown): LinStep[] => (Array.isArray(v) ? v.filter((s): s is LinStep => typeof s === "object" && s !== null && typeof (s as LinStep).step === "number") : []);
  return { key: e.key, linearized: steps(e.linearized), unplaced: steps(e.unplaced), blocked: typeof e.blocked === "string" ? e.blocked : null };
}

const LANE_H = 30;
const LEFT = 90;

export function linearizationView(id: string, history: readonly HistoryEvent[], ev: LinEvidence): string {
  const key = JSON.stringify(ev.key);
  const ops = drawnOps(history).filter((o) => opKey(o) === key);
  const order = new Map(ev.linearized.map((s, i) => [s.step, i]));
  const unplaced = new Set(ev.unplaced.map((s) => s.step));
  const blockedStep = ev.unplaced.find((s) => s.op === ev.blocked)?.step;
  const list = [
    ...ev.linearized.map((s, i) => `<li class="lin">process ${s.process}: ${escapeXml(s.op)} → state ${escapeXml(JSON.stringify(s.stateAfter ?? null))}</li>`),
    ...(ev.blocked ? [`<li class="blocked">cannot be placed next: ${escapeXml(ev.blocked)}</li>`] : []),
    ...ev.unplaced.filter((s) => s.step !== blockedStep).map((s) => `<li class="unplaced">not placed: process ${s.process}: ${escapeXml(s.op)}</li>`),
  ];
  if (ops.length === 0) {
    return `<div class="lin-view" id="${id}"><h4>Key ${escapeXml(key)}</h4><p class="note">The history window holds no op on this key.</p><ol class="lin-steps">${list.join("")}</ol></div>`;
  }
  const lo = Math.min(...ops.map((o) => o.invokeIndex));
  const hi = Math.max(...ops.map((o) => o.completeIndex ?? o.invokeIndex));
  const procs = [...new Set(ops.map((o) => o.process))].sort((a, b) => a - b);
  const y = (p: number): number => 20 + procs.indexOf(p) * LANE_H;
  const DX = Math.max(18, Math.min(70, Math.floor(1000 / Math.max(1, hi - lo + 1))));
  const x = (i: number): number => LEFT + (i - lo) * DX;
  const parts: string[] = [];
  for (const p of procs) parts.push(`<text class="lane" x="4" y="${y(p) + 13}">process ${p}</text>`);
  const centers: { at: number; cx: number; cy: number }[] = [];
  for (const o of ops) {
    const x1 = x(o.invokeIndex);
    const x2 = Math.max(x1 + 8, o.completeIndex === undefined ? x(hi) + DX : x(o.completeIndex) + DX * 0.6);
    const rank = order.get(o.invokeIndex);
    const cls = rank !== undefined ? "lin" : o.invokeIndex === blockedStep ? "blocked" : unplaced.has(o.invokeIndex) ? "unplaced" : "other";
    const label = `${rank !== undefined ? `${rank + 1}: ` : ""}${opText(o)}`;
    if (rank !== undefined) centers.push({ at: rank, cx: (x1 + x2) / 2, cy: y(o.process) + 8 });
    parts.push(
      `<g class="lin-op ${cls}" data-step="${o.invokeIndex}"><rect x="${x1}" y="${y(o.process)}" width="${x2 - x1}" height="16" rx="3"/>` +
        `<text x="${x1 + 3}" y="${y(o.process) + 12}">${escapeXml(label)}</text><title>${escapeXml(`${label} (${o.txnName}, ${o.outcome}, history indices ${o.invokeIndex}–${o.completeIndex ?? "open"})`)}</title></g>`,
    );
  }
  centers.sort((a, b) => a.at - b.at);
  if (centers.length > 1) parts.push(`<polyline class="lin-path" points="${centers.map((c) => `${c.cx},${c.cy}`).join(" ")}"/>`);
  const width = x(hi) + DX * 8;
  const height = 20 + procs.length * LANE_H;
  return (
    `<div class="lin-view" id="${id}"><h4>Key ${escapeXml(key)}: longest partial linearization (${ev.linearized.length} placed, ${ev.unplaced.length} not)</h4>` +
    `<div class="scroll"><svg class="lin" width="${width}" height="${height}" role="img" aria-label="partial linearization">${parts.join("")}</svg></div>` +
    `<ol class="lin-steps">${list.join("")}</ol></div>`
  );
}
