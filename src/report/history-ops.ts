// Client operations of a recorded history as bars to draw: each invoke paired
// with the next completion of its process (ok / fail / info), or left open; and
// the system events (crash, power loss, restart, faults-stop) as markers.
// Contract: ops come out in invoke order; indices are history indices.
import { SYSTEM_PROCESS, type HistoryEvent, type TxnStamps } from "../history/events.js";
import { txnId } from "../history/ids.js";

export interface DrawnOp {
  readonly invokeIndex: number;
  /** Index of the completion; undefined when the op never completed. */
  readonly completeIndex?: number;
  readonly outcome: "ok" | "fail" | "info" | "open";
  readonly process: number;
  /** Lane: the simulated thread, or the process for histories without threads. */
  readonly lane: string;
  readonly f: string;
  readonly invoke: HistoryEvent;
  readonly completion?: HistoryEvent;
  /** The name every checker gives this op or txn: T<invoke index> (src/history/ids.ts). */
  readonly txnName: string;
  readonly txn?: TxnStamps;
}

export interface Marker {
  readonly index: number;
  readonly kind: string;
  readonly label: string;
  readonly event: HistoryEvent;
}

// gc-drop is left out: a busy GC would cover the timeline in lines.
const MARKED = new Set(["crash", "power-loss", "restart", "faults-stop", "use-after-free"]);

function indexOf(e: HistoryEvent, fallback: number): number {
  return e.index ?? fallback;
}

export function laneOf(e: HistoryEvent): string {
  return e.thread !== undefined ? `t${e.thread}` : `p${e.process}`;
}

export function drawnOps(history: readonly HistoryEvent[]): DrawnOp[] {
  const open = new Map<number, { e: HistoryEvent; at: number }>();
  const out: DrawnOp[] = [];
  const finish = (inv: { e: HistoryEvent; at: number }, c: HistoryEvent | undefined, at: number | undefined): void => {
    const outcome = c === undefined ? "open" : (c.type as "ok" | "fail" | "info");
    out.push({
      invokeIndex: inv.at,
      ...(at !== undefined ? { completeIndex: at } : {}),
      outcome,
      process: inv.e.process,
      lane: laneOf(inv.e),
      f: inv.e.f,
      invoke: inv.e,
      ...(c ? { completion: c } : {}),
      txnName: txnId(inv.at),
      ...(c?.txn ? { txn: c.txn } : {}),
    });
  };
  history.forEach((e, i) => {
    if (e.process === SYSTEM_PROCESS) return;
    const at = indexOf(e, i);
    if (e.type === "invoke") {
      const prev = open.get(e.process);
      if (prev) finish(prev, undefined, undefined);
      open.set(e.process, { e, at });
      return;
    }
    const inv = open.get(e.process);
    if (!inv) return;
    open.delete(e.process);
    finish(inv, e, at);
  });
  for (const inv of open.values()) finish(inv, undefined, undefined);
  return out.sort((a, b) => a.invokeIndex - b.invokeIndex);
}

export function markers(history: readonly HistoryEvent[]): Marker[] {
  const out: Marker[] = [];
  history.forEach((e, i) => {
    if (e.process !== SYSTEM_PROCESS || !MARKED.has(e.f)) return;
    const v = (e.value ?? {}) as { pid?: number };
    // pid is the engine process, not a history process: said in full so it is not read as one.
    const label = e.f === "crash" ? `crash pid ${v.pid ?? "?"}` : e.f === "restart" ? `restart pid ${v.pid ?? "?"}` : e.f;
    out.push({ index: indexOf(e, i), kind: e.f, label, event: e });
  });
  return out;
}

/** Short text for an op: "T12 r x=1 w y=2", "write k=5", "read k → 7". */
export function opText(op: DrawnOp): string {
  const v = (op.completion?.type === "ok" ? op.completion.value : op.invoke.value) as unknown;
  if (op.f === "txn" && Array.isArray(v)) {
    const micro = v.slice(0, 4).map((m) => (Array.isArray(m) ? `${m[0]} ${String(m[1])}=${JSON.stringify(m[2] ?? null)}` : "?"));
    return `${op.txnName} ${micro.join(" ")}${v.length > 4 ? " …" : ""}`;
  }
  if (Array.isArray(v) && v.length === 2) {
    const arrow = op.f === "read" ? " → " : "=";
    return `${op.f} ${String(v[0])}${arrow}${JSON.stringify(v[1])}`;
  }
  return op.f;
}

/** The key a single-key op is about, as JSON text (so 1 and "1" differ). */
export function opKey(op: DrawnOp): string | undefined {
  if (op.f === "txn") return undefined;
  const v = op.invoke.value;
  return Array.isArray(v) && v.length === 2 ? JSON.stringify(v[0]) : undefined;
}
