// A dependency cycle drawn as a small graph in inline SVG: one circle per txn
// (T<invoke index>) on a ring, one curved arrow per edge labelled with its
// number in the cycle, its type and the key (and value) that justifies it;
// the edge's full reason is its tooltip and is listed beside the drawing.
// Contract: deterministic markup (layout depends only on the edge list); the
// arrows carry class "edge" with data-cycle / data-step so the page's script
// steps through them together with the timeline's.
import { historyIndexText, invokeIndexOfTxnId } from "../history/ids.js";
import type { CycleEdgeView } from "./html-timeline.js";
import { escapeXml } from "./markup-escape.js";

const NODE_R = 24;

function short(v: unknown): string {
  const s = JSON.stringify(v ?? null);
  return s.length > 14 ? `${s.slice(0, 13)}…` : s;
}

/** "rw x", "wr x=2", "realtime": the type and what justifies it, short enough for an arrow. */
export function edgeLabel(e: CycleEdgeView): string {
  if (e.key === undefined) return e.type;
  const key = typeof e.key === "string" ? e.key : short(e.key);
  return e.type === "wr" && "value" in e ? `${e.type} ${key}=${short(e.value)}` : `${e.type} ${key}`;
}

function describeNode(name: string): string {
  const at = invokeIndexOfTxnId(name);
  return at === undefined ? name : `${name}: the txn invoked at ${historyIndexText(at)}`;
}

const f = (n: number): string => (Math.round(n * 10) / 10).toString();

export function cycleGraphSvg(cycleId: string, edges: readonly CycleEdgeView[]): string {
  const names: string[] = [];
  for (const e of edges) for (const n of [e.from, e.to]) if (!names.includes(n)) names.push(n);
  const n = names.length;
  const ringR = Math.max(90, (n * 100) / (2 * Math.PI));
  // Centred on the origin; the viewBox is fitted to what is drawn.
  const cx = 0;
  const cy = 0;
  const at = new Map(
    names.map((name, i) => {
      // Two nodes side by side; more on a ring starting at the top, clockwise.
      const angle = n === 2 ? Math.PI + i * Math.PI : -Math.PI / 2 + (2 * Math.PI * i) / n;
      return [name, { x: cx + ringR * Math.cos(angle), y: cy + ringR * Math.sin(angle) }];
    }),
  );
  const parts: string[] = [];
  // The drawing's extent: nodes and edge labels (about 7 px a character), so the viewBox fits them.
  const box = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
  const grow = (x1: number, y1: number, x2: number, y2: number): void => {
    box.x1 = Math.min(box.x1, x1);
    box.y1 = Math.min(box.y1, y1);
    box.x2 = Math.max(box.x2, x2);
    box.y2 = Math.max(box.y2, y2);
  };
  for (const p of at.values()) grow(p.x - NODE_R, p.y - NODE_R, p.x + NODE_R, p.y + NODE_R);
  parts.push(
    `<defs><marker id="${cycleId}-garrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>`,
  );
  edges.forEach((e, i) => {
    const a = at.get(e.from)!;
    const b = at.get(e.to)!;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len = Math.max(1, Math.hypot(dx, dy));
    // Bend to the left of the direction of travel, so A→B and B→A do not overlap.
    const bend = n === 2 ? 0.35 * len : 0.18 * len;
    const nx = dy / len;
    const ny = -dx / len;
    const c = { x: (a.x + b.x) / 2 + nx * bend, y: (a.y + b.y) / 2 + ny * bend };
    const trim = (p: { x: number; y: number }, q: { x: number; y: number }, r: number): { x: number; y: number } => {
      const l = Math.max(1, Math.hypot(q.x - p.x, q.y - p.y));
      return { x: p.x + ((q.x - p.x) * r) / l, y: p.y + ((q.y - p.y) * r) / l };
    };
    const s = trim(a, c, NODE_R + 2);
    const t = trim(b, c, NODE_R + 4);
    const mid = { x: 0.25 * s.x + 0.5 * c.x + 0.25 * t.x, y: 0.25 * s.y + 0.5 * c.y + 0.25 * t.y };
    const half = ((String(i + 1).length + 2 + edgeLabel(e).length) * 7) / 2;
    grow(mid.x - half, mid.y - 10, mid.x + half, mid.y + 10);
    parts.push(
      `<g class="edge graph-edge" data-cycle="${escapeXml(cycleId)}" data-step="${i}" data-type="${escapeXml(e.type)}">` +
        `<path d="M${f(s.x)},${f(s.y)} Q${f(c.x)},${f(c.y)} ${f(t.x)},${f(t.y)}" marker-end="url(#${cycleId}-garrow)"/>` +
        `<text class="edge-label" x="${f(mid.x)}" y="${f(mid.y + 4)}" text-anchor="middle">${i + 1}. ${escapeXml(edgeLabel(e))}</text>` +
        `<title>${escapeXml(`${e.from} → ${e.to} (${e.type}): ${e.explanation}`)}</title></g>`,
    );
  });
  for (const name of names) {
    const p = at.get(name)!;
    parts.push(
      `<g class="node" data-txn="${escapeXml(name)}"><circle cx="${f(p.x)}" cy="${f(p.y)}" r="${NODE_R}"/>` +
        `<text x="${f(p.x)}" y="${f(p.y + 4)}" text-anchor="middle">${escapeXml(name)}</text><title>${escapeXml(describeNode(name))}</title></g>`,
    );
  }
  const pad = 12;
  const vx = box.x1 - pad;
  const vy = box.y1 - pad;
  const width = box.x2 - box.x1 + 2 * pad;
  const height = box.y2 - box.y1 + 2 * pad;
  return `<svg class="cycle-graph" id="${escapeXml(cycleId)}-graph" width="${f(width)}" height="${f(height)}" viewBox="${f(vx)} ${f(vy)} ${f(width)} ${f(height)}" role="img" aria-label="dependency cycle ${escapeXml(names.join(" → "))}">${parts.join("")}</svg>`;
}
