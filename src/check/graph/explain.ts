// Words for cycles: each edge of a found cycle explained from the micro-ops that
// justify it ("T2 read x=3 written by T1"), the cycle named and defined, and the
// txns whose events form the smallest sub-history that still shows it.
import type { HistoryEvent, MicroOp } from "../../history/events.js";
import { PROCESS, REALTIME, RW, WR, WW, edgeTypeName, type EdgeList } from "./edge-list.js";
import { canon, showKey, showValue, type Finding } from "./findings.js";
import { stepOf, type Inference } from "./inference.js";
import type { Cycle } from "./cycle-search.js";
import { txnName, type TxnTable } from "./txn-table.js";

export interface CycleEdge {
  readonly from: string;
  readonly to: string;
  readonly type: string;
  readonly key?: unknown;
  readonly value?: unknown;
  readonly explanation: string;
}

/** A cycle over txn ids (not local ids) with the name it earned. */
export interface NamedCycle {
  readonly name: string;
  readonly cycle: Cycle;
}

const DEFINITION: Readonly<Record<string, string>> = {
  G0: "a cycle of write-write dependencies only (dirty write)",
  G1c: "a cycle of write-write and write-read dependencies only (circular information flow)",
  "G-single": "a cycle with exactly one anti-dependency (rw) edge (read skew)",
  "G-nonadjacent": "a cycle with several anti-dependency (rw) edges, no two of them adjacent",
  "G2-item": "a cycle with two adjacent anti-dependency (rw) edges (write skew)",
};

function suffixNote(name: string): string {
  if (name.endsWith("-realtime")) return " It needs real-time edges (one txn completed before the next was invoked), so it rules out strict serializability only.";
  if (name.endsWith("-process")) return " It needs process-order edges (a process's later txn must follow its earlier one), so among our models it rules out strict serializability only.";
  return "";
}

/** First edge-list record for each (from, to, type) wanted; one pass over the list. */
export function edgeRecords(edges: EdgeList, cycles: readonly NamedCycle[]): Map<string, number> {
  const want = new Map<string, number>();
  for (const { cycle } of cycles) {
    cycle.nodes.forEach((v, i) => want.set(`${v},${cycle.nodes[(i + 1) % cycle.nodes.length]},${cycle.types[i]}`, -1));
  }
  let missing = want.size;
  for (let e = 0; e < edges.length && missing > 0; e++) {
    const k = `${edges.from[e]},${edges.to[e]},${edges.type[e]}`;
    if (want.get(k) === -1) {
      want.set(k, e);
      missing--;
    }
  }
  return want;
}

function explainEdge(inf: Inference, edges: EdgeList, e: number, from: number, to: number, type: number, support: Set<number>): CycleEdge {
  const t = inf.t;
  const a = txnName(t, from);
  const b = txnName(t, to);
  const base = { from: a, to: b, type: edgeTypeName(type) };
  if (type === PROCESS) return { ...base, explanation: `${a} and then ${b} ran on process ${t.process[from]}` };
  if (type === REALTIME) {
    return { ...base, explanation: `${a} completed (history index ${t.completeIndex[from]}) before ${b} was invoked (history index ${t.invokeIndex[to]})` };
  }
  if (e < 0) return { ...base, explanation: `${a} precedes ${b} (${edgeTypeName(type)})` };
  const fo: MicroOp = t.ops[from]![edges.fromOp[e]!]!;
  const tOp: MicroOp = t.ops[to]![edges.toOp[e]!]!;
  const key = fo[1];
  const k = showKey(key);
  const kid = inf.keys.idOf.get(key);
  const isList = kid !== undefined && inf.keys.isList[kid] === 1;
  if (isList && type !== WR && kid !== undefined && inf.witness[kid]! >= 0) support.add(inf.witness[kid]!);
  const by = isList && kid !== undefined && inf.witness[kid]! >= 0 ? ` (order of ${k} as read by ${txnName(t, inf.witness[kid]!)})` : "";
  if (type === WR) {
    const text = isList
      ? `${b} read ${k}=${showValue(tOp[2])}, seeing ${showValue(fo[2])} appended by ${a}`
      : `${b} read ${k}=${showValue(tOp[2])} written by ${a}`;
    return { ...base, key, value: fo[2], explanation: text };
  }
  const unread = isList && type !== WR && !readByWitness(inf, key, kid!, tOp[2]);
  if (type === WW) {
    const text = unread
      ? `${b} appended ${showValue(tOp[2])} to ${k}, which no read shows, so after ${a}'s ${showValue(fo[2])}, the last element read${by}`
      : isList
      ? `${b} appended ${showValue(tOp[2])} to ${k} right after ${a}'s ${showValue(fo[2])}${by}`
      : `${b} read ${k}=${showValue(fo[2])} written by ${a} and then overwrote it with ${k}=${showValue(tOp[2])}`;
    return { ...base, key, value: tOp[2], explanation: text };
  }
  const text = unread
    ? `${a} read ${k}=${showValue(fo[2])}, all that any read shows, without ${showValue(tOp[2])}, which ${b} appended and no read shows, so later`
    : isList
    ? `${a} read ${k}=${showValue(fo[2])} without ${showValue(tOp[2])}, which ${b} appended next${by}`
    : fo[2] === null || (kid !== undefined && !isWritten(inf, kid, fo[2]))
      ? `${a} read ${k}=${showValue(fo[2])} (the initial state) and ${b} wrote ${k}=${showValue(tOp[2])}, a later version`
      : `${a} read ${k}=${showValue(fo[2])} and ${b} overwrote that version with ${k}=${showValue(tOp[2])}`;
  return { ...base, key, value: tOp[2], explanation: text };
}

/** True when some txn wrote `value` to key `kid` (else a read of it was of the initial state). */
function isWritten(inf: Inference, kid: number, value: unknown): boolean {
  const { t, keys } = inf;
  const c = canon(value);
  for (let r = keys.off[kid]!; r < keys.off[kid + 1]!; r++) {
    const op = t.ops[keys.refTxn[r]!]![keys.refOp[r]!]!;
    if (op[0] === "w" && canon(op[2]) === c) return true;
  }
  return false;
}

/** True when the read that fixed list key `kid`'s order shows `element` (else it was placed after it, unread). */
function readByWitness(inf: Inference, key: unknown, kid: number, element: unknown): boolean {
  const w = inf.witness[kid]!;
  if (w < 0) return false;
  const c = canon(element);
  return inf.t.ops[w]!.some((op) => op[0] === "r" && op[1] === key && Array.isArray(op[2]) && op[2].some((x) => canon(x) === c));
}

/**
 * A G-single between two txns, one wr and one rw edge: R read a write of W and
 * also read the version W overwrote on another key. Under any model from read
 * atomic up, seeing part of W is the whole of the anomaly (RAMP's fractured read).
 */
function isFracturedRead(nc: NamedCycle): boolean {
  const t = nc.cycle.types;
  return nc.name === "G-single" && t.length === 2 && t.includes(WR) && t.includes(RW);
}

/** A Finding for a named cycle of txn ids. */
export function cycleFinding(inf: Inference, edges: EdgeList, records: Map<string, number>, nc: NamedCycle): Finding {
  const { nodes, types } = nc.cycle;
  const support = new Set<number>();
  const steps: CycleEdge[] = nodes.map((v, i) => {
    const w = nodes[(i + 1) % nodes.length]!;
    return explainEdge(inf, edges, records.get(`${v},${w},${types[i]}`) ?? -1, v, w, types[i]!, support);
  });
  for (const v of nodes) support.delete(v);
  const baseName = nc.name.replace(/-(realtime|process)$/, "");
  const names = nodes.map((v) => txnName(inf.t, v));
  const fractured = isFracturedRead(nc);
  const explanation =
    `${names.join(" → ")} → ${names[0]} is a cycle: ${steps.map((s) => s.explanation).join("; ")}. ` +
    `So each txn must come before the next, which no serial order allows. This is ${nc.name}: ${DEFINITION[baseName] ?? "a dependency cycle"}.` +
    suffixNote(nc.name) +
    (fractured ? ` Both edges join the same two txns: the reader saw one of the writer's writes and missed another, a fractured read (the writer was visible only in part).` : "");
  return {
    ...(fractured ? { property: "atomic-visibility" as const } : {}),
    kind: nc.name,
    txns: [...nodes, ...[...support].sort((x, y) => x - y)],
    step: nodes.reduce((s, v) => Math.max(s, stepOf(inf.t, v)), 0),
    explanation,
    evidence: { cycle: steps },
  };
}

/** The events of the given txns in history order: the smallest sub-history we vouch for. */
export function subHistory(t: TxnTable, txns: readonly number[]): HistoryEvent[] {
  const events: { e: HistoryEvent; at: number }[] = [];
  for (const id of new Set(txns)) {
    events.push({ e: t.invokeEvent[id]!, at: t.invokeIndex[id]! });
    const c = t.completeEvent[id];
    if (c !== undefined) events.push({ e: c, at: t.endIndex[id]! });
  }
  return events.sort((x, y) => x.at - y.at).map((x) => x.e);
}
