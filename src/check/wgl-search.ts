// Wing-Gong-Lowe linearizability search (as in Porcupine) for one partition,
// generic over a Model. Memoises (linearized set as a bitset, model state).
// Contract: the budget counts distinct states explored, never time; results
// are deterministic (ops are ordered by call then return, ties by id).
import type { Model } from "../models/model.js";

export interface SearchOp<I, O> {
  readonly id: number;
  readonly input: I;
  readonly output: O;
  /** Position of the invocation. */
  readonly call: number;
  /** Position of the completion; Infinity when unknown (info or never completed). */
  readonly ret: number;
}

export interface SearchResult {
  readonly result: "ok" | "illegal" | "unknown";
  readonly statesExplored: number;
  /** Longest partial linearization found, as indexes into the ops array. */
  readonly longest: readonly number[];
  /** The op whose completion came before it could be placed after `longest`. */
  readonly blocked?: number;
}

function mix32(x: number): number {
  let h = x ^ 0x9e3779b9;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Words of bitsets the memo may hold. Past it, new states are no longer
 * remembered: the search stays correct (the memo only prunes) and memory
 * stays bounded on very long single-key histories. Deterministic.
 */
export const MEMO_WORDS_MAX = 1 << 24;

export function wglSearch<S, I, O>(model: Model<S, I, O>, ops: readonly SearchOp<I, O>[], maxStates: number): SearchResult {
  const n = ops.length;
  if (n === 0) return { result: "ok", statesExplored: 0, longest: [] };
  // Entries 1..2n: call and return events sorted by time; 0 is the head.
  const events: Array<{ t: number; call: boolean; op: number }> = [];
  ops.forEach((o, i) => {
    events.push({ t: o.call, call: true, op: i });
    events.push({ t: o.ret, call: false, op: i });
  });
  events.sort((a, b) => a.t - b.t || (a.call === b.call ? a.op - b.op : a.call ? -1 : 1));
  const size = 2 * n + 1;
  const next = new Int32Array(size);
  const prev = new Int32Array(size);
  const entOp = new Int32Array(size);
  const isCall = new Uint8Array(size);
  const match = new Int32Array(size);
  const callEntry = new Int32Array(n);
  events.forEach((ev, i) => {
    const e = i + 1;
    entOp[e] = ev.op;
    isCall[e] = ev.call ? 1 : 0;
    if (ev.call) callEntry[ev.op] = e;
    else match[callEntry[ev.op]!] = e;
  });
  for (let e = 0; e < size; e++) {
    next[e] = e + 1 < size ? e + 1 : -1;
    prev[e] = e - 1;
  }
  const lift = (e: number): void => {
    next[prev[e]!] = next[e]!;
    if (next[e]! !== -1) prev[next[e]!] = prev[e]!;
    const m = match[e]!;
    next[prev[m]!] = next[m]!;
    if (next[m]! !== -1) prev[next[m]!] = prev[m]!;
  };
  const unlift = (e: number): void => {
    const m = match[e]!;
    next[prev[m]!] = m;
    if (next[m]! !== -1) prev[next[m]!] = m;
    next[prev[e]!] = e;
    if (next[e]! !== -1) prev[next[e]!] = e;
  };

  const bits = new Uint32Array((n + 31) >>> 5);
  let h1 = 0;
  let h2 = 0;
  const cache = new Map<string, Array<{ bits: Uint32Array; state: S }>>();
  let memoWords = 0;
  const seen = (state: S): boolean => {
    const key = `${h1},${h2}|${model.hash(state)}`;
    const bucket = cache.get(key);
    if (bucket) for (const b of bucket) if (model.equal(b.state, state) && b.bits.every((w, i) => w === bits[i])) return true;
    if (memoWords + bits.length > MEMO_WORDS_MAX) return false;
    memoWords += bits.length;
    if (bucket) bucket.push({ bits: bits.slice(), state });
    else cache.set(key, [{ bits: bits.slice(), state }]);
    return false;
  };
  const flip = (op: number): void => {
    bits[op >>> 5]! ^= 1 << (op & 31);
    h1 ^= mix32(op);
    h2 ^= mix32(op + 0x5bd1e995);
  };

  const stackEntry: number[] = [];
  const stackState: S[] = [];
  let state = model.init();
  let entry = next[0]!;
  let explored = 0;
  let longest: number[] = [];
  let blocked: number | undefined;
  while (next[0]! !== -1) {
    if (isCall[entry]) {
      const op = entOp[entry]!;
      const o = ops[op]!;
      const after = model.step(state, o.input, o.output);
      if (after !== null) {
        flip(op);
        if (!seen(after)) {
          if (++explored > maxStates) return { result: "unknown", statesExplored: explored - 1, longest: longest.map((i) => i), ...(blocked === undefined ? {} : { blocked }) };
          stackEntry.push(entry);
          stackState.push(state);
          state = after;
          lift(entry);
          if (stackEntry.length > longest.length) {
            longest = stackEntry.map((e) => entOp[e]!);
            blocked = undefined;
          }
          entry = next[0]!;
          continue;
        }
        flip(op);
      }
      entry = next[entry]!;
    } else {
      if (blocked === undefined && stackEntry.length === longest.length) blocked = entOp[entry]!;
      if (stackEntry.length === 0) return { result: "illegal", statesExplored: explored, longest, ...(blocked === undefined ? {} : { blocked }) };
      const e = stackEntry.pop()!;
      state = stackState.pop()!;
      flip(entOp[e]!);
      unlift(e);
      entry = next[e]!;
    }
  }
  return { result: "ok", statesExplored: explored, longest };
}
