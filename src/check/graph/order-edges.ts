// Ordering edges. process: each committed op of a process precedes that
// process's next op that may have happened (an indeterminate op is never a
// source: it may have taken effect after the process moved on, as in Elle).
// realtime: T1 completed (ok) before T2 was invoked. Real-time edges are kept
// sparse Elle's way: a frontier of completed txns not yet implied by a later one;
// each invoke links from the frontier, each completion replaces its own
// predecessors in it. Reachability equals the full O(n²) relation.
import { PROCESS, REALTIME, type EdgeList } from "./edge-list.js";
import { FAIL, OK, type TxnTable } from "./txn-table.js";

export function addProcessEdges(t: TxnTable, edges: EdgeList): void {
  const lastOk = new Map<number, number>();
  for (let T = 0; T < t.count; T++) {
    if (t.status[T] === FAIL) continue;
    const p = t.process[T]!;
    const prev = lastOk.get(p);
    if (prev !== undefined) edges.add(prev, T, PROCESS, -1, -1);
    if (t.status[T] === OK) lastOk.set(p, T);
  }
}

/** Invokes and ok-completions in history order: 2*id for an invoke, 2*id+1 for a completion. */
function timeline(t: TxnTable): Int32Array {
  let max = -1;
  for (let T = 0; T < t.count; T++) max = Math.max(max, t.invokeIndex[T]!, t.completeIndex[T]!);
  const out: number[] = [];
  if (max < 4 * t.count + 1024) {
    const at = new Int32Array(max + 1).fill(-1);
    let clash = false;
    const put = (i: number, code: number): void => {
      if (at[i] !== -1) clash = true;
      at[i] = code;
    };
    for (let T = 0; T < t.count; T++) {
      if (t.status[T] === FAIL) continue;
      put(t.invokeIndex[T]!, 2 * T);
      if (t.status[T] === OK) put(t.completeIndex[T]!, 2 * T + 1);
    }
    if (!clash) {
      for (let i = 0; i <= max; i++) if (at[i] !== -1) out.push(at[i]!);
      return Int32Array.from(out);
    }
  }
  // Sparse or repeated indices: sort (index, invoke-before-completion at equal index).
  for (let T = 0; T < t.count; T++) {
    if (t.status[T] === FAIL) continue;
    out.push(2 * T);
    if (t.status[T] === OK) out.push(2 * T + 1);
  }
  const idx = (c: number): number => ((c & 1) === 0 ? t.invokeIndex[c >> 1]! : t.completeIndex[c >> 1]!);
  return Int32Array.from(out).sort((a, b) => idx(a) - idx(b) || (a & 1) - (b & 1) || a - b);
}

export function addRealtimeEdges(t: TxnTable, edges: EdgeList): void {
  const predStart = new Int32Array(t.count);
  const predEnd = new Int32Array(t.count);
  // invariant: frontier holds completed txns none of whose real-time successors has completed since.
  const frontier = new Set<number>();
  for (const code of timeline(t)) {
    const T = code >> 1;
    if ((code & 1) === 0) {
      predStart[T] = edges.length;
      for (const f of frontier) edges.add(f, T, REALTIME, -1, -1);
      predEnd[T] = edges.length;
    } else {
      for (let e = predStart[T]!; e < predEnd[T]!; e++) frontier.delete(edges.from[e]!);
      frontier.add(T);
    }
  }
}
