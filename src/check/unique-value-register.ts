// Linearizability of a register whose writes all write distinct values, in
// O(n log n) without a search (Gibbons & Korach's zones, as in Golab, Li and
// Shah): each read names its write, so ops fall into clusters (a write and the
// reads of its value); a cluster's zone runs from its earliest completion to
// its latest invocation. The history is linearizable iff no read ends before
// its write begins, no two forward zones (earliest completion < latest
// invocation) overlap, and no backward zone lies inside a forward zone.
// Contract: undefined when it does not apply (cas, append, delete, a repeated
// or empty value): the caller then searches. An illegal answer names a witness,
// the few ops of the two clashing clusters, which the caller confirms by search.
import type { KvInput, KvOutput } from "../models/kv-model.js";
import { valueKey } from "../models/value.js";

export interface RegisterOp {
  readonly input: KvInput;
  readonly output: KvOutput;
  readonly call: number;
  readonly ret: number;
}

export type RegisterVerdict = { readonly result: "ok" } | { readonly result: "illegal"; readonly witness: readonly number[]; readonly why: string };

interface Cluster {
  /** The write's index; -1 for the initial (absent) value. */
  readonly write: number;
  /** Earliest completion and latest invocation among its ops, with the ops that set them. */
  f: number;
  fOp: number;
  s: number;
  sOp: number;
}

const INITIAL_TIME = -Infinity;

export function uniqueValueRegister(ops: readonly RegisterOp[]): RegisterVerdict | undefined {
  const writeOf = new Map<string, number>();
  for (let i = 0; i < ops.length; i++) {
    const o = ops[i]!;
    if (o.input.f === "read") {
      if (o.output === undefined || typeof o.output === "boolean") return undefined;
      if (Array.isArray(o.output) && o.output.length === 0) return undefined; // [] reads as absent too
      continue;
    }
    if (o.input.f !== "write" || o.input.value === null) return undefined;
    if (Array.isArray(o.input.value) && o.input.value.length === 0) return undefined;
    const k = valueKey(o.input.value);
    if (writeOf.has(k)) return undefined;
    writeOf.set(k, i);
  }
  const initial: Cluster = { write: -1, f: INITIAL_TIME, fOp: -1, s: INITIAL_TIME, sOp: -1 };
  const clusters = new Map<number, Cluster>();
  const clusterOf = (w: number): Cluster => {
    let c = clusters.get(w);
    if (!c) {
      const o = ops[w]!;
      c = { write: w, f: o.ret, fOp: w, s: o.call, sOp: w };
      clusters.set(w, c);
    }
    return c;
  };
  for (const w of writeOf.values()) clusterOf(w);
  for (let i = 0; i < ops.length; i++) {
    const r = ops[i]!;
    if (r.input.f !== "read") continue;
    let c: Cluster;
    if (r.output === null) c = initial;
    else {
      const w = writeOf.get(valueKey(r.output as never));
      if (w === undefined) return { result: "illegal", witness: [i], why: "it read a value no op wrote" };
      if (r.ret < ops[w]!.call) return { result: "illegal", witness: [w, i], why: "it completed before the write of its value began" };
      c = clusterOf(w);
    }
    if (r.ret < c.f) {
      c.f = r.ret;
      c.fOp = i;
    }
    if (r.call > c.s) {
      c.s = r.call;
      c.sOp = i;
    }
  }
  const all = [...(initial.sOp >= 0 ? [initial] : []), ...[...clusters.values()].sort((a, b) => a.write - b.write)];
  const forward = all.filter((c) => c.f < c.s).sort((a, b) => a.f - b.f || a.write - b.write);
  const witness = (a: Cluster, b: Cluster): number[] =>
    [...new Set([a.write, a.fOp, a.sOp, b.write, b.fOp, b.sOp].filter((i) => i >= 0))].sort((x, y) => x - y);
  // Forward zones in order of start: each must begin after every earlier one ends.
  let widest: Cluster | undefined;
  for (const c of forward) {
    if (widest && c.f < widest.s) return { result: "illegal", witness: witness(widest, c), why: "two values were each current over one span of time" };
    if (!widest || c.s > widest.s) widest = c;
  }
  // Forward zones are now disjoint: the one that may hold a backward zone is the last starting before it.
  for (const b of all) {
    if (b.f < b.s) continue;
    let lo = 0;
    let hi = forward.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (forward[mid]!.f < b.s) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (at >= 0 && b.f < forward[at]!.s) return { result: "illegal", witness: witness(forward[at]!, b), why: "a value was written and read entirely while another had to stay current" };
  }
  return { result: "ok" };
}
