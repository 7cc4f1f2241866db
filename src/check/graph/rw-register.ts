// Version orders of read/write registers, from what is knowable without
// timestamps: values are unique per key, the initial value is nil (it precedes
// every write), and a txn that read v then wrote the key installed the version
// right after v (write-follows-read). Emits wr, ww, rw edges and the non-cycle
// anomalies visible here (G1a, G1b, garbage, future read, lost update).
import { RW, WR, WW } from "./edge-list.js";
import { canon, showKey, showValue } from "./findings.js";
import { keyRefs, stepOf, type Inference } from "./inference.js";
import { FAIL, OK, txnName } from "./txn-table.js";

/** canon(nil) as a version name; written values are never null (null writes are deletes). */
const NIL = null;

export function inferRegisterKey(inf: Inference, k: number): void {
  const { t, keys, edges, findings } = inf;
  const { key, lo, hi, opAt } = keyRefs(inf, k);

  const writer = new Map<unknown, number>();
  const lastWrite = new Uint8Array(hi - lo);
  let nilAmbiguous = false; // a write of nil (delete) makes nil reads unplaceable
  let prevWrite = -1;
  for (let r = lo; r < hi; r++) {
    const op = opAt(r);
    if (op[0] !== "w") continue;
    const id = keys.refTxn[r]!;
    if (prevWrite >= 0 && keys.refTxn[prevWrite] !== id) lastWrite[prevWrite - lo] = 1;
    prevWrite = r;
    if (op[2] === null) {
      nilAmbiguous = true;
      continue;
    }
    const c = canon(op[2]);
    if (writer.has(c)) inf.inputErrors.push(`key ${showKey(key)}: value ${showValue(op[2])} written twice; values must be unique per key`);
    else writer.set(c, r);
  }
  if (prevWrite >= 0) lastWrite[prevWrite - lo] = 1;

  // Per txn: its external read (first op on the key, if a read) and its final write.
  const readers = new Map<unknown, number[]>(); // version → refs of external reads
  const followers: number[] = []; // (extRead ref, finalWrite ref) pairs, flattened
  const blind: number[] = []; // final-write refs of txns with no known predecessor version
  for (let r = lo; r < hi; ) {
    const T = keys.refTxn[r]!;
    const first = r;
    let finalWrite = -1;
    for (; r < hi && keys.refTxn[r] === T; r++) {
      const op = opAt(r);
      if (op[0] === "w") finalWrite = r;
      else if (op[0] === "r" && t.status[T] === OK) checkRead(inf, writer, lastWrite, lo, r);
    }
    if (t.status[T] === FAIL) continue;
    const ext = t.status[T] === OK && opAt(first)[0] === "r" ? first : -1;
    if (ext >= 0) {
      const v = canon(opAt(ext)[2]);
      const list = readers.get(v);
      if (list === undefined) readers.set(v, [ext]);
      else list.push(ext);
    }
    if (finalWrite >= 0) {
      if (ext >= 0) followers.push(ext, finalWrite);
      else blind.push(finalWrite);
    }
  }

  // wr: writer of each externally read version → reader.
  for (const [v, refs] of readers) {
    if (v === NIL) continue;
    const w = writer.get(v);
    if (w === undefined) continue;
    const W = keys.refTxn[w]!;
    if (t.status[W] === FAIL) continue;
    for (const r of refs) edges.add(W, keys.refTxn[r]!, WR, keys.refOp[w]!, keys.refOp[r]!);
  }
  // Write-follows-read: version v < the follower's write; ww from v's writer, rw from v's readers.
  const byVersion = new Map<unknown, number[]>();
  for (let i = 0; i < followers.length; i += 2) {
    const ext = followers[i]!;
    const fw = followers[i + 1]!;
    const T = keys.refTxn[fw]!;
    const v = canon(opAt(ext)[2]);
    if (v === NIL && nilAmbiguous) continue;
    const w = v === NIL ? undefined : writer.get(v);
    if (w !== undefined && t.status[keys.refTxn[w]!] !== FAIL) edges.add(keys.refTxn[w]!, T, WW, keys.refOp[w]!, keys.refOp[fw]!);
    for (const r of readers.get(v) ?? []) edges.add(keys.refTxn[r]!, T, RW, keys.refOp[r]!, keys.refOp[fw]!);
    if (t.status[T] === OK) {
      const g = byVersion.get(v);
      if (g === undefined) byVersion.set(v, [T]);
      else g.push(T);
    }
  }
  // nil precedes every version: its readers precede each blind writer.
  if (!nilAmbiguous) {
    for (const r of readers.get(NIL) ?? []) {
      for (const fw of blind) edges.add(keys.refTxn[r]!, keys.refTxn[fw]!, RW, keys.refOp[r]!, keys.refOp[fw]!);
    }
  }
  for (const [v, group] of byVersion) {
    if (group.length < 2) continue;
    findings.add({
      kind: "lost-update",
      txns: group,
      step: group.reduce((s, g) => Math.max(s, stepOf(t, g)), 0),
      explanation: `${group.map((g) => txnName(t, g)).join(", ")} all read ${showKey(key)}=${showValue(v)} and then wrote ${showKey(key)}, and all committed: only one of them can have overwritten that version.`,
      evidence: { key, version: v },
    });
  }
}

function checkRead(inf: Inference, writer: Map<unknown, number>, lastWrite: Uint8Array, lo: number, r: number): void {
  const { t, keys, findings } = inf;
  const T = keys.refTxn[r]!;
  const o = keys.refOp[r]!;
  const op = t.ops[T]![o]!;
  const key = op[1];
  const v = op[2];
  if (v === null) return;
  const w = writer.get(canon(v));
  if (w === undefined) {
    findings.add({
      kind: "garbage-read",
      txns: [T],
      step: stepOf(t, T),
      explanation: `${txnName(t, T)} read ${showKey(key)}=${showValue(v)}, but no transaction ever wrote ${showValue(v)} to ${showKey(key)}.`,
      evidence: { key, value: v },
    });
    return;
  }
  const W = keys.refTxn[w]!;
  const wo = keys.refOp[w]!;
  if (W === T) {
    if (wo > o) {
      findings.add({
        kind: "future-read",
        txns: [T],
        step: stepOf(t, T),
        explanation: `${txnName(t, T)} read ${showKey(key)}=${showValue(v)} (op ${o}) before writing that value itself (op ${wo}).`,
        evidence: { key, value: v, readOp: o, writeOp: wo },
      });
    }
    return;
  }
  if (t.status[W] === FAIL) {
    findings.add({
      kind: "G1a",
      txns: [W, T],
      step: stepOf(t, T),
      explanation: `${txnName(t, T)} read ${showKey(key)}=${showValue(v)} written by ${txnName(t, W)}, and ${txnName(t, W)} failed: an aborted write must never be seen.`,
      evidence: { key, value: v },
    });
  } else if (!lastWrite[w - lo]) {
    findings.add({
      kind: "G1b",
      txns: [W, T],
      step: stepOf(t, T),
      explanation: `${txnName(t, T)} read ${showKey(key)}=${showValue(v)}, an intermediate value of ${txnName(t, W)}, which wrote ${showKey(key)} again before committing.`,
      evidence: { key, value: v },
    });
  }
}
