// Version orders of list-append keys: the longest committed read of a key is its
// order (every other read must be a prefix: else incompatible-order). Emits ww
// between neighbours of that order, wr from the writer of the last element a txn
// saw, rw to the writer of the element it did not see yet; an append no read
// shows is placed after every observed element (Elle's rule: ww from the last
// element's writer, rw from each reader of the whole order); and the non-cycle
// anomalies visible here (G1a, G1b, garbage, duplicates, dirty update, future
// read, lost update).
import type { Key, MicroOp } from "../../history/events.js";
import { RW, WR, WW } from "./edge-list.js";
import { canon, showKey, showValue } from "./findings.js";
import { keyRefs, stepOf, type Inference } from "./inference.js";
import { FAIL, OK, txnName } from "./txn-table.js";

function sameElement(a: unknown, b: unknown): boolean {
  return a === b || canon(a) === canon(b);
}

export function inferListKey(inf: Inference, k: number): void {
  const { t, keys, edges, findings } = inf;
  const { key, lo, hi, opAt } = keyRefs(inf, k);

  // Writers of each element; lastAppend[r - lo] = 1 when no later append of the same txn follows.
  const writer = new Map<unknown, number>();
  const lastAppend = new Uint8Array(hi - lo);
  let prevAppend = -1;
  const reads: number[] = [];
  for (let r = lo; r < hi; r++) {
    const op = opAt(r);
    const id = keys.refTxn[r]!;
    if (op[0] === "append") {
      const c = canon(op[2]);
      if (writer.has(c)) inf.inputErrors.push(`key ${showKey(key)}: element ${showValue(op[2])} appended twice; values must be unique per key`);
      else writer.set(c, r);
      if (prevAppend >= 0 && keys.refTxn[prevAppend] !== id) lastAppend[prevAppend - lo] = 1;
      prevAppend = r;
    } else if (op[0] === "r" && t.status[id] === OK) {
      if (op[2] === null || Array.isArray(op[2])) reads.push(r);
      else inf.inputErrors.push(`key ${showKey(key)}: ${txnName(t, id)} read ${showValue(op[2])}, expected a list or nil`);
    }
    // writes ("w") on a list key are ignored: the key's order comes from appends
  }
  if (prevAppend >= 0) lastAppend[prevAppend - lo] = 1;
  if (reads.length === 0) return;

  const listOf = (r: number): readonly unknown[] => (opAt(r)[2] as unknown[] | null) ?? [];
  let longest = reads[0]!;
  for (const r of reads) if (listOf(r).length > listOf(longest).length) longest = r;
  const L = listOf(longest);
  const m = L.length;
  const witness = keys.refTxn[longest]!;
  inf.witness[k] = witness;

  // Positions and writers along the order.
  const pos = new Map<unknown, number>();
  const wref = new Int32Array(m).fill(-1);
  let firstBad = m; // first position whose writer failed or does not exist
  let firstFailed = -1;
  let dirtyReported = false;
  let shown = 0; // distinct appended elements L holds
  for (let i = 0; i < m; i++) {
    const c = canon(L[i]);
    if (pos.has(c)) {
      findings.add({
        kind: "duplicate-elements",
        txns: [witness],
        step: stepOf(t, witness),
        explanation: `${txnName(t, witness)} read ${showKey(key)}=${showValue(L)}, in which ${showValue(L[i])} appears more than once; each append happens once.`,
        evidence: { key, read: L, element: L[i] },
      });
      continue;
    }
    pos.set(c, i);
    const r = writer.get(c);
    if (r === undefined) {
      if (firstBad === m) firstBad = i;
      continue;
    }
    wref[i] = r;
    shown++;
    const w = keys.refTxn[r]!;
    if (t.status[w] === FAIL) {
      if (firstBad === m) firstBad = i;
      if (firstFailed < 0) firstFailed = i;
    } else if (firstFailed >= 0 && !dirtyReported) {
      dirtyReported = true;
      const f = keys.refTxn[wref[firstFailed]!]!;
      findings.add({
        kind: "dirty-update",
        txns: [f, w, witness],
        step: stepOf(t, witness),
        explanation: `${txnName(t, f)} appended ${showValue(L[firstFailed])} to ${showKey(key)} and failed, yet ${txnName(t, w)} committed an append of ${showValue(L[i])} after it (seen by ${txnName(t, witness)}): a committed write built on aborted state.`,
        evidence: { key, aborted: L[firstFailed], committed: L[i], read: L },
      });
    }
  }
  for (let i = 1; i < m; i++) {
    const a = wref[i - 1]!;
    const b = wref[i]!;
    if (a < 0 || b < 0) continue;
    const ta = keys.refTxn[a]!;
    const tb = keys.refTxn[b]!;
    if (t.status[ta] === FAIL || t.status[tb] === FAIL) continue;
    edges.add(ta, tb, WW, keys.refOp[a]!, keys.refOp[b]!);
  }

  const lostUpdate = new Map<number, number[]>();
  const sawAll: number[] = []; // reads whose external prefix is the whole order
  for (const r of reads) {
    const T = keys.refTxn[r]!;
    const o = keys.refOp[r]!;
    const R = listOf(r);
    let compatible = R.length <= m;
    for (let i = 0; compatible && i < R.length; i++) compatible = sameElement(R[i], L[i]);
    if (!compatible) {
      findings.add({
        kind: "incompatible-order",
        txns: [T, witness],
        step: stepOf(t, T),
        explanation: `${txnName(t, T)} read ${showKey(key)}=${showValue(R)} and ${txnName(t, witness)} read ${showKey(key)}=${showValue(L)}; neither is a prefix of the other, so they cannot come from one version order.`,
        evidence: { key, read: R, otherRead: L },
      });
      continue;
    }
    // External prefix: the part before the txn's own appends.
    let e = R.length;
    let appendsLater = false;
    const ops = t.ops[T]!;
    for (let j = 0; j < ops.length; j++) {
      const op = ops[j]!;
      if (op[0] !== "append" || op[1] !== key) continue;
      if (j > o) appendsLater = true;
      const p = pos.get(canon(op[2]));
      if (p === undefined || p >= R.length) continue;
      if (j > o) {
        findings.add({
          kind: "future-read",
          txns: [T],
          step: stepOf(t, T),
          explanation: `${txnName(t, T)} read ${showKey(key)}=${showValue(R)} (op ${o}), which already holds ${showValue(op[2])} that it appends only later (op ${j}).`,
          evidence: { key, read: R, element: op[2], readOp: o, appendOp: j },
        });
      }
      if (p < e) e = p;
    }
    if (firstBad < R.length) reportBadRead(inf, key, T, R, L[firstBad], wref[firstBad]!);
    if (e > 0) {
      const wr = wref[e - 1]!;
      const W = wr >= 0 ? keys.refTxn[wr]! : -1;
      if (W >= 0 && W !== T && t.status[W] !== FAIL) {
        edges.add(W, T, WR, keys.refOp[wr]!, o);
        if (!lastAppend[wr - lo]) {
          findings.add({
            kind: "G1b",
            txns: [W, T],
            step: stepOf(t, T),
            explanation: `${txnName(t, T)} read ${showKey(key)}=${showValue(R)}, ending at ${showValue(L[e - 1])}, an intermediate state of ${txnName(t, W)}, which appended more to ${showKey(key)} afterwards.`,
            evidence: { key, read: R, element: L[e - 1] },
          });
        }
      }
    }
    if (e === m) sawAll.push(r);
    if (e < m) {
      const nr = wref[e]!;
      const N = nr >= 0 ? keys.refTxn[nr]! : -1;
      if (N >= 0 && N !== T && t.status[N] !== FAIL) edges.add(T, N, RW, o, keys.refOp[nr]!);
    }
    if (appendsLater && isFirstReadOfKey(ops, o, key)) {
      const g = lostUpdate.get(e);
      if (g === undefined) lostUpdate.set(e, [T]);
      else if (g[g.length - 1] !== T) g.push(T);
    }
  }
  if (shown < writer.size) orderUnobserved(inf, k, pos, m > 0 ? wref[m - 1]! : -1, sawAll);
  for (const [e, group] of lostUpdate) {
    if (group.length < 2) continue;
    const seen = e === 0 ? "nil" : `a list ending in ${showValue(L[e - 1])}`;
    findings.add({
      kind: "lost-update",
      txns: group,
      step: group.reduce((s, g) => Math.max(s, stepOf(t, g)), 0),
      explanation: `${group.map((g) => txnName(t, g)).join(", ")} all read ${showKey(key)} as ${seen} and then appended to it, and all committed: only one of them can have built on that version.`,
      evidence: { key, versionLength: e, lastElement: e === 0 ? null : L[e - 1] },
    });
  }
}

/**
 * Every committed or indeterminate append no read shows is in the final
 * version, after all that was observed (a failed one never took effect):
 * ww from the writer of the last observed element (`lastRef`, -1: none or
 * the initial state), rw from each read that saw the whole order.
 */
function orderUnobserved(inf: Inference, k: number, pos: ReadonlyMap<unknown, number>, lastRef: number, sawAll: readonly number[]): void {
  const { t, keys, edges } = inf;
  const { lo, hi, opAt } = keyRefs(inf, k);
  const last = lastRef >= 0 ? keys.refTxn[lastRef]! : -1;
  const lastOk = last >= 0 && t.status[last] !== FAIL;
  let prev = -1;
  for (let r = lo; r < hi; r++) {
    const op = opAt(r);
    const U = keys.refTxn[r]!;
    if (op[0] !== "append" || t.status[U] === FAIL || pos.has(canon(op[2])) || U === prev) continue;
    prev = U; // one set of edges per txn: its first unobserved append on this key
    if (lastOk) edges.add(last, U, WW, keys.refOp[lastRef]!, keys.refOp[r]!);
    let prevReader = -1;
    for (const s of sawAll) {
      const T = keys.refTxn[s]!;
      if (T === prevReader) continue;
      prevReader = T;
      edges.add(T, U, RW, keys.refOp[s]!, keys.refOp[r]!);
    }
  }
}

function isFirstReadOfKey(ops: readonly MicroOp[], o: number, key: Key): boolean {
  for (let j = 0; j < o; j++) if (ops[j]![1] === key) return false;
  return true;
}

function reportBadRead(inf: Inference, key: Key, T: number, R: readonly unknown[], element: unknown, wr: number): void {
  const { t, keys, findings } = inf;
  if (wr < 0) {
    findings.add({
      kind: "garbage-read",
      txns: [T],
      step: stepOf(t, T),
      explanation: `${txnName(t, T)} read ${showKey(key)}=${showValue(R)}, but no transaction ever appended ${showValue(element)} to ${showKey(key)}.`,
      evidence: { key, read: R, element },
    });
    return;
  }
  const W = keys.refTxn[wr]!;
  findings.add({
    kind: "G1a",
    txns: [W, T],
    step: stepOf(t, T),
    explanation: `${txnName(t, T)} read ${showKey(key)}=${showValue(R)}, which holds ${showValue(element)} appended by ${txnName(t, W)}, and ${txnName(t, W)} failed: an aborted write must never be seen.`,
    evidence: { key, read: R, element },
  });
}
