// Version orders of read/write registers, from what is knowable without
// timestamps (Elle's rw-register with its initial-state and writes-follow-reads
// sources): values are unique per key among writes that may have happened, nil
// (and, with initialState "initial", any value no txn wrote) precedes every
// written version, and a txn that read v and then wrote v' installed v' after v.
// Emits wr, ww, rw edges and the non-cycle anomalies visible here (G1a, G1b,
// garbage, future read, lost update, cyclic-versions).
import { RW, WR, WW } from "./edge-list.js";
import { canon, showKey, showValue } from "./findings.js";
import { keyRefs, stepOf, type Inference } from "./inference.js";
import { FAIL, OK, txnName } from "./txn-table.js";

/** canon(nil) as a version name; written values are never null (null writes are deletes). */
const NIL = null;

export function inferRegisterKey(inf: Inference, k: number): void {
  const { t, keys, edges, findings } = inf;
  const { key, lo, hi, opAt } = keyRefs(inf, k);

  // A failed txn never took effect: its writes are kept apart (for G1a) and
  // never count toward uniqueness, so a refused duplicate write is no input error.
  const writer = new Map<unknown, number>();
  const failedWriter = new Map<unknown, number>();
  const lastWrite = new Uint8Array(hi - lo);
  let nilAmbiguous = false; // a write of nil (delete) makes nil reads unplaceable
  let prevWrite = -1;
  for (let r = lo; r < hi; r++) {
    const op = opAt(r);
    if (op[0] !== "w") continue;
    const id = keys.refTxn[r]!;
    if (prevWrite >= 0 && keys.refTxn[prevWrite] !== id) lastWrite[prevWrite - lo] = 1;
    prevWrite = r;
    const failed = t.status[id] === FAIL;
    if (op[2] === null) {
      nilAmbiguous ||= !failed;
      continue;
    }
    const c = canon(op[2]);
    if (failed) {
      if (!failedWriter.has(c)) failedWriter.set(c, r);
    } else if (writer.has(c)) {
      inf.inputErrors.push(`key ${showKey(key)}: value ${showValue(op[2])} written twice; values must be unique per key`);
    } else writer.set(c, r);
  }
  if (prevWrite >= 0) lastWrite[prevWrite - lo] = 1;
  const initialUnwritten = inf.initialState === "initial";

  // Per txn: its external read (first op on the key, if a read) and its final write.
  const readers = new Map<unknown, number[]>(); // version → refs of external reads
  const followers: number[] = []; // (extRead ref, finalWrite ref) pairs, flattened
  const roots: number[] = []; // final writes whose predecessor is no written version
  for (let r = lo; r < hi; ) {
    const T = keys.refTxn[r]!;
    const first = r;
    let finalWrite = -1;
    for (; r < hi && keys.refTxn[r] === T; r++) {
      const op = opAt(r);
      if (op[0] === "w") finalWrite = r;
      else if (op[0] === "r" && t.status[T] === OK) checkRead(inf, writer, failedWriter, lastWrite, lo, r);
    }
    if (t.status[T] === FAIL) continue;
    const ext = t.status[T] === OK && opAt(first)[0] === "r" ? first : -1;
    if (ext >= 0) {
      const v = canon(opAt(ext)[2]);
      const list = readers.get(v);
      if (list === undefined) readers.set(v, [ext]);
      else list.push(ext);
    }
    if (finalWrite < 0) continue;
    if (ext >= 0) followers.push(ext, finalWrite);
    if (ext < 0 || !writer.has(canon(opAt(ext)[2]))) roots.push(finalWrite);
  }

  // wr: writer of each externally read version → reader.
  for (const [v, refs] of readers) {
    if (v === NIL) continue;
    const w = writer.get(v);
    if (w === undefined) continue;
    for (const r of refs) edges.add(keys.refTxn[w]!, keys.refTxn[r]!, WR, keys.refOp[w]!, keys.refOp[r]!);
  }

  // Writes-follow-reads: version v < the follower's write. Each written version
  // has one writer and so at most one predecessor here; a cycle among them is
  // Elle's cyclic-versions, and then this key's order is not used at all.
  const cyclic = findVersionCycles(inf, key, followers, opAt);
  const byVersion = new Map<unknown, number[]>(); // lost update: committed followers per version read
  for (let i = 0; i < followers.length; i += 2) {
    const ext = followers[i]!;
    const fw = followers[i + 1]!;
    const T = keys.refTxn[fw]!;
    const v = canon(opAt(ext)[2]);
    if (v === NIL && nilAmbiguous) continue;
    if (!cyclic) {
      const w = v === NIL ? undefined : writer.get(v);
      if (w !== undefined) edges.add(keys.refTxn[w]!, T, WW, keys.refOp[w]!, keys.refOp[fw]!);
      for (const r of readers.get(v) ?? []) edges.add(keys.refTxn[r]!, T, RW, keys.refOp[r]!, keys.refOp[fw]!);
    }
    if (t.status[T] === OK) {
      const g = byVersion.get(v);
      if (g === undefined) byVersion.set(v, [T]);
      else g.push(T);
    }
  }
  // The initial version precedes every written one: its readers precede each
  // root writer (later versions follow from ww edges). Elle's initial-state source.
  for (const [v, refs] of readers) {
    const initial = v === NIL ? !nilAmbiguous : initialUnwritten && !writer.has(v) && !failedWriter.has(v);
    if (!initial) continue;
    for (const r of refs) {
      for (const fw of roots) edges.add(keys.refTxn[r]!, keys.refTxn[fw]!, RW, keys.refOp[r]!, keys.refOp[fw]!);
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

/**
 * Follows each written version back to the version its writer read first.
 * Reports every cycle as cyclic-versions; true when the key has one.
 */
function findVersionCycles(inf: Inference, key: unknown, followers: readonly number[], opAt: (r: number) => readonly unknown[]): boolean {
  const { t, keys, findings } = inf;
  const pred = new Map<unknown, unknown>(); // written version → version read before it
  const by = new Map<unknown, number>(); // written version → its follower's final-write ref
  for (let i = 0; i < followers.length; i += 2) {
    const read = canon(opAt(followers[i]!)[2]);
    const wrote = canon(opAt(followers[i + 1]!)[2]);
    if (wrote === NIL || read === wrote) continue; // a delete, or rewriting the same value: no order
    pred.set(wrote, read);
    by.set(wrote, followers[i + 1]!);
  }
  const state = new Map<unknown, number>(); // 1 on the current walk, 2 done
  let found = false;
  for (const start of pred.keys()) {
    if (state.has(start)) continue;
    const path: unknown[] = [];
    let v: unknown = start;
    while (v !== undefined && !state.has(v)) {
      state.set(v, 1);
      path.push(v);
      v = pred.get(v);
    }
    if (v !== undefined && state.get(v) === 1) {
      found = true;
      const cycle = path.slice(path.indexOf(v)).reverse(); // oldest claim first: v0 < v1 < ... < v0
      const txns = cycle.map((x) => keys.refTxn[by.get(x)!]!);
      const steps = cycle.map((x, i) => `${txnName(t, txns[i]!)} read ${showKey(key)}=${showValue(pred.get(x))} and then wrote ${showValue(x)}`);
      findings.add({
        kind: "cyclic-versions",
        txns,
        step: txns.reduce((s, g) => Math.max(s, stepOf(t, g)), 0),
        explanation: `The versions of ${showKey(key)} cannot be ordered: ${steps.join("; ")}. Each write follows the version its txn read, so each of ${cycle.map(showValue).join(", ")} would come before itself. The writes-follow-reads order of ${showKey(key)} is not used for edges.`,
        evidence: { key, versions: cycle },
      });
    }
    for (const x of path) state.set(x, 2);
  }
  return found;
}

function checkRead(inf: Inference, writer: Map<unknown, number>, failedWriter: Map<unknown, number>, lastWrite: Uint8Array, lo: number, r: number): void {
  const { t, keys, findings } = inf;
  const T = keys.refTxn[r]!;
  const o = keys.refOp[r]!;
  const op = t.ops[T]![o]!;
  const key = op[1];
  const v = op[2];
  if (v === null) return;
  const w = writer.get(canon(v));
  if (w === undefined) {
    const f = failedWriter.get(canon(v));
    if (f !== undefined) {
      const W = keys.refTxn[f]!;
      findings.add({
        kind: "G1a",
        txns: [W, T],
        step: stepOf(t, T),
        explanation: `${txnName(t, T)} read ${showKey(key)}=${showValue(v)} written by ${txnName(t, W)}, and ${txnName(t, W)} failed: an aborted write must never be seen.`,
        evidence: { key, value: v },
      });
      return;
    }
    if (inf.initialState === "initial") return; // a value from before the history: the key's initial state
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
  if (!lastWrite[w - lo]) {
    findings.add({
      kind: "G1b",
      txns: [W, T],
      step: stepOf(t, T),
      explanation: `${txnName(t, T)} read ${showKey(key)}=${showValue(v)}, an intermediate value of ${txnName(t, W)}, which wrote ${showKey(key)} again before committing.`,
      evidence: { key, value: v },
    });
  }
}
