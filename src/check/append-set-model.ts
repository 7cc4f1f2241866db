// The kv model for a list key fed by appends, with a state that forgets the
// order of appends no read has shown yet: (fixed, pending) = the value last
// fixed (by a read, a put, a delete or the start) and the SET of appends made
// since. An append adds to pending; a read r is legal iff r = fixed ++ some
// order of exactly pending's elements in which an append that completed before
// another was invoked comes first (real time); then the state is (r, {}).
// Equal fixed and equal pending are one state, so k unread concurrent appends
// cost the 2^k subsets WGL linearizes, not their k! orders.
//
// Why it agrees with the plain list model (verdict for verdict):
// - Without cas, and with every read's outcome known, the ops that touch the
//   state are appends (grow it) and reads, puts, deletes (fix it). In any
//   linearization the appends since the last fixing op form one contiguous run.
// - Sound (no false ok): take a sequence this model accepts, real-time
//   consistent as WGL builds it. For each run ended by a read, put the run in
//   the order the read shows. That order respects real time inside the run (the
//   read's check), and it keeps every other constraint: the run fills a block
//   of consecutive places, so any op outside it is before or after each of the
//   run's ops exactly as before. The plain list before each read is then
//   fixed ++ run = r, so every read is legal; a run ended by a put, a delete or
//   the end needs no order. The reordered sequence is a plain linearization.
// - Complete (no false violation): a plain linearization is accepted as it is:
//   before a read the plain list is fixed ++ (the run in its own order), which
//   respects real time because the linearization does.
// - Appends to a value that is not a list fail in both (pending is then empty).
// With appendPlaces, an append of an element a read places at index i after y
// also needs |fixed| + |pending| = i and y last (pending empty) or y pending: in
// every plain linearization that element's list has that length and ends in y.
// Without puts and deletes, an element no read shows needs |fixed| + |pending|
// >= the longest read's length m: appended to a shorter list, it would sit at
// an index < m that the read of length m, still to come (the list only grows),
// shows holding another element. Both prune only orders no legal
// linearization takes.
// Contract: undefined (use the plain model) when there is a cas, an element
// appended twice, a read of unknown outcome, or no append. A txn's appends
// come from key-ops as single appends sharing the txn's interval.
import type { Value } from "../history/events.js";
import { kvModel, type KvInput, type KvOutput } from "../models/kv-model.js";
import type { Model } from "../models/model.js";
import { listEqual, showValue, valueEqual, valueKey } from "../models/value.js";
import { appendPlaces } from "./append-places.js";
import { mix32 } from "./visited-set.js";

export interface AppendSetState {
  /** The value as last fixed by a read, put or delete (null: absent, as at the start). */
  readonly fixed: Value;
  /** Equal fixed values, one id. */
  readonly fixedId: number;
  /** invariant: appends since `fixed` (indexes into the model's appends), ascending; nonempty only when fixed is null or a list. */
  readonly pending: readonly number[];
  /** Xor of pending's Zobrist keys. */
  readonly pendingHash: number;
}

export interface TimedKvOp {
  readonly input: KvInput;
  readonly output: KvOutput;
  readonly call: number;
  readonly ret: number;
}

const NONE: readonly number[] = [];

function sameValue(a: Value, b: Value): boolean {
  return Array.isArray(a) || Array.isArray(b) ? listEqual(a, b) : valueEqual(a, b);
}

export interface AppendSetOptions {
  /** Prune by the places the reads show (default). Off, the read's own check decides alone (tests compare both). */
  readonly prune?: boolean;
}

/** `ops` must be the very ops the search gets: the model reads their times. */
export function appendSetModel(ops: readonly TimedKvOp[], options: AppendSetOptions = {}): Model<AppendSetState, KvInput, KvOutput> | undefined {
  const appendOf = new Map<string, number>();
  const calls: number[] = [];
  const rets: number[] = [];
  for (const o of ops) {
    const i = o.input;
    if (i.f === "cas" || (i.f === "read" && o.output === undefined)) return undefined;
    if (i.f !== "append") continue;
    const k = valueKey(i.element);
    if (appendOf.has(k)) return undefined;
    appendOf.set(k, calls.length);
    calls.push(o.call);
    rets.push(o.ret);
  }
  const n = calls.length;
  if (n === 0) return undefined;
  const zobrist = Int32Array.from({ length: n }, (_, a) => mix32(a + 0x2545f491));
  // Pruning by the places the reads show: index, and the element before as an append (-1: none or not an append).
  const placeIndex = new Int32Array(n).fill(-1);
  const beforeKey: string[] = new Array<string>(n).fill("");
  const beforeAppend = new Int32Array(n).fill(-1);
  const places = options.prune === false ? undefined : appendPlaces(ops);
  // With no put or delete the list only grows, so an element no read shows is appended only once the list is as long as the longest read.
  let unreadFrom = 0;
  if (places && !ops.some((o) => o.input.f === "write" || o.input.f === "delete")) {
    for (const o of ops) if (Array.isArray(o.output)) unreadFrom = Math.max(unreadFrom, o.output.length);
  }
  if (places) {
    for (const [k, a] of appendOf) {
      const p = places.get(k);
      if (!p) continue;
      placeIndex[a] = p.index;
      beforeKey[a] = p.before;
      beforeAppend[a] = p.index > 0 ? (appendOf.get(p.before) ?? -1) : -1;
    }
  }
  const ids = new Map<string, number>();
  const idCache = new Map<Value[], number>();
  const idOf = (v: Value): number => {
    if (Array.isArray(v)) {
      const c = idCache.get(v);
      if (c !== undefined) return c;
    }
    const k = valueKey(v);
    let id = ids.get(k);
    if (id === undefined) ids.set(k, (id = ids.size));
    if (Array.isArray(v)) idCache.set(v, id);
    return id;
  };
  const fixedAt = (v: Value): AppendSetState => ({ fixed: v, fixedId: idOf(v), pending: NONE, pendingHash: 0 });
  const indexOf = (element: Value): number => {
    const a = appendOf.get(valueKey(element));
    if (a === undefined) throw new Error(`append-set model: append ${showValue(element)} is not one of the ops it was built for`);
    return a;
  };
  // Marks for one read's check: mark[a] === stamp while append a is pending and not yet matched.
  const mark = new Int32Array(n);
  let stamp = 0;

  /** Whether r is fixed ++ (pending in an order real time allows). */
  const readsPending = (st: AppendSetState, r: Value): boolean => {
    if (!Array.isArray(r)) return false;
    const base: readonly Value[] = st.fixed === null ? [] : (st.fixed as Value[]);
    if (r.length !== base.length + st.pending.length) return false;
    for (let i = 0; i < base.length; i++) if (!valueEqual(r[i]!, base[i]!)) return false;
    stamp++;
    for (const a of st.pending) mark[a] = stamp;
    // Some append shown after another that was invoked after it completed: ret < the largest call before it.
    let latestCall = -Infinity;
    for (let j = base.length; j < r.length; j++) {
      const a = appendOf.get(valueKey(r[j]!));
      if (a === undefined || mark[a] !== stamp) return false;
      mark[a] = 0;
      if (rets[a]! < latestCall) return false;
      if (calls[a]! > latestCall) latestCall = calls[a]!;
    }
    return true;
  };

  /** Pruning: the list's length and last element when a placed append happens. */
  const fitsPlace = (st: AppendSetState, a: number): boolean => {
    const want = placeIndex[a]!;
    const base = st.fixed === null ? 0 : (st.fixed as Value[]).length;
    if (want < 0) return base + st.pending.length >= unreadFrom;
    if (base + st.pending.length !== want) return false;
    if (want === 0) return true;
    if (st.pending.length === 0) return valueKey((st.fixed as Value[])[want - 1]!) === beforeKey[a];
    const b = beforeAppend[a]!;
    return b >= 0 && binaryHas(st.pending, b);
  };

  return {
    init: () => fixedAt(null),
    step(st, input, output) {
      switch (input.f) {
        case "append": {
          if (st.fixed !== null && !Array.isArray(st.fixed)) return null;
          const a = indexOf(input.element);
          if (!fitsPlace(st, a)) return null;
          return { fixed: st.fixed, fixedId: st.fixedId, pending: inserted(st.pending, a), pendingHash: st.pendingHash ^ zobrist[a]! };
        }
        case "read":
          if (output === undefined) throw new Error("append-set model: a read of unknown outcome is not modelled (appendSetModel returns undefined for it)");
          if (typeof output === "boolean") return null;
          if (st.pending.length === 0) return sameValue(st.fixed, output) ? st : null;
          return readsPending(st, output) ? fixedAt(output) : null;
        case "write":
          return fixedAt(input.value);
        case "delete":
          return fixedAt(null);
        case "cas":
          throw new Error("append-set model: cas is not modelled (appendSetModel returns undefined for it)");
      }
    },
    equal: (x, y) => x.fixedId === y.fixedId && x.pending.length === y.pending.length && x.pending.every((a, i) => a === y.pending[i]),
    hash: (s) => `${s.fixedId}:${s.pending.length}:${s.pendingHash}`,
    describe: kvModel.describe,
    describeState: (s) => (s.pending.length === 0 ? showValue(s.fixed) : `${showValue(s.fixed)} then ${s.pending.length} unread append(s)`),
  };
}

function binaryHas(sorted: readonly number[], x: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function inserted(sorted: readonly number[], x: number): number[] {
  let at = sorted.length;
  while (at > 0 && sorted[at - 1]! > x) at--;
  const out = new Array<number>(sorted.length + 1);
  for (let i = 0; i < at; i++) out[i] = sorted[i]!;
  out[at] = x;
  for (let i = at; i < sorted.length; i++) out[i + 1] = sorted[i]!;
  return out;
}

/**
 * A sequence of op indexes with each run of appends that a read ends put in
 * the order that read shows (stable otherwise): the plain order the argument
 * above builds, for evidence replayed on the plain model. For sequences of
 * this model only (an element appended twice would have two places).
 */
export function inReadOrder(ops: readonly TimedKvOp[], sequence: readonly number[]): number[] {
  const out: number[] = [];
  let runStart = 0;
  for (const i of sequence) {
    const o = ops[i]!;
    if (o.input.f === "read" && Array.isArray(o.output)) {
      const at = new Map<string, number>();
      o.output.forEach((x, j) => at.set(valueKey(x), j));
      const pos = (k: number): number => {
        const inp = ops[k]!.input;
        return inp.f === "append" ? (at.get(valueKey(inp.element)) ?? Infinity) : Infinity;
      };
      const run = out.slice(runStart).map((k, j) => ({ k, j, p: pos(k) }));
      run.sort((x, y) => x.p - y.p || x.j - y.j);
      run.forEach(({ k }, j) => (out[runStart + j] = k));
    }
    out.push(i);
    if (o.input.f !== "append") runStart = out.length;
  }
  return out;
}
