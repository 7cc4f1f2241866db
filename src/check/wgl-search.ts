// Wing-Gong-Lowe linearizability search (as in Porcupine) for one partition,
// generic over a Model. Memoises (linearized set, model state) in a VisitedSet
// bounded by a byte budget, never by a cap that would forget states.
// Contract: budgets count distinct states explored and bytes of our own
// structures, never time; results are deterministic (ops are ordered by call
// then return, ties by id); unknown names the budget that ran out.
import type { Model } from "../models/model.js";
import { mix32, VISIT_FULL, VISIT_SEEN, VisitedSet } from "./visited-set.js";

export interface SearchOp<I, O> {
  readonly id: number;
  readonly input: I;
  readonly output: O;
  /** Position of the invocation. */
  readonly call: number;
  /** Position of the completion; Infinity when unknown (info or never completed). */
  readonly ret: number;
}

export interface SearchBudget {
  /** Distinct (linearized set, state) pairs to explore before answering unknown. */
  readonly maxStates: number;
  /** Bytes the memo (and the states it interns) may hold before answering unknown. */
  readonly maxMemoryBytes?: number;
}

/** The memo's budget when none is given: 1 GiB of our own structures. */
export const SEARCH_MEMORY_BYTES_DEFAULT = 1 << 30;

export interface SearchResult {
  readonly result: "ok" | "illegal" | "unknown";
  readonly statesExplored: number;
  /** The most bytes the memo held (typed arrays and interned states, as we count them). */
  readonly memoBytes: number;
  /** Which budget ran out, when the result is unknown. */
  readonly exhausted?: "states" | "memory";
  /** Longest partial linearization found, as indexes into the ops array. */
  readonly longest: readonly number[];
  /** The op whose completion came before it could be placed after `longest`. */
  readonly blocked?: number;
}

/** Interns model states as small ids (equal states, one id), counting their bytes against the memo's budget. */
class StateIds<S> {
  readonly states: S[] = [];
  private readonly byHash = new Map<string, number[]>();
  constructor(
    private readonly model: Model<S, unknown, unknown>,
    private readonly memo: VisitedSet,
  ) {}

  /** The id of `state`; -1 when a new state would pass the memory budget. */
  idOf(state: S): number {
    const h = this.model.hash(state);
    const ids = this.byHash.get(h);
    if (ids) for (const id of ids) if (this.model.equal(this.states[id]!, state)) return id;
    // A string of 2 bytes a character, the state, a map entry: a deterministic estimate.
    if (!this.memo.reserve(2 * h.length + 96)) return -1;
    const id = this.states.length;
    this.states.push(state);
    if (ids) ids.push(id);
    else this.byHash.set(h, [id]);
    return id;
  }
}

export function wglSearch<S, I, O>(model: Model<S, I, O>, ops: readonly SearchOp<I, O>[], budget: number | SearchBudget): SearchResult {
  const maxStates = typeof budget === "number" ? budget : budget.maxStates;
  const maxBytes = typeof budget === "number" ? SEARCH_MEMORY_BYTES_DEFAULT : (budget.maxMemoryBytes ?? SEARCH_MEMORY_BYTES_DEFAULT);
  const n = ops.length;
  if (n === 0) return { result: "ok", statesExplored: 0, memoBytes: 0, longest: [] };
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

  const memo = new VisitedSet(maxBytes);
  const ids = new StateIds(model as Model<S, unknown, unknown>, memo);
  // Zobrist keys per op, so the set's hash moves by one xor per flip.
  const zobrist = new Int32Array(n);
  for (let i = 0; i < n; i++) zobrist[i] = mix32(i + 0x5bd1e995);
  const bits = new Int32Array((n + 31) >>> 5);
  let setHash = 0;
  // Every word below `low` is all ones; every word above `high` is zero (kept
  // loose by flips, made exact before each visit: no scan of the whole set).
  let low = 0;
  let high = -1;
  const flip = (op: number): void => {
    const w = op >>> 5;
    bits[w]! ^= 1 << (op & 31);
    setHash ^= zobrist[op]!;
    if (w < low) low = w;
    if (w > high) high = w;
  };
  const visit = (stateId: number): number => {
    while (low < bits.length && bits[low] === -1) low++;
    while (high >= 0 && bits[high] === 0) high--;
    return memo.visit(bits, setHash, stateId, low, high);
  };

  const stackEntry: number[] = [];
  const stackState: number[] = [];
  let state = ids.idOf(model.init());
  let entry = next[0]!;
  let explored = 0;
  let longest: number[] = [];
  // The stack is deeper than `longest` and has not been copied yet: copied
  // only when the search is about to leave it (copying at every new depth
  // would cost the square of the history's length).
  let deeper = false;
  let blocked: number | undefined;
  const keepLongest = (): void => {
    if (!deeper) return;
    longest = stackEntry.map((e) => entOp[e]!);
    deeper = false;
  };
  const unknown = (exhausted: "states" | "memory"): SearchResult => {
    keepLongest();
    return { result: "unknown", statesExplored: explored, memoBytes: memo.peakBytes, exhausted, longest, ...(blocked === undefined ? {} : { blocked }) };
  };
  if (state < 0) return unknown("memory");
  while (next[0]! !== -1) {
    if (isCall[entry]) {
      const op = entOp[entry]!;
      const o = ops[op]!;
      const from = ids.states[state]!;
      const after = model.step(from, o.input, o.output);
      if (after !== null) {
        const afterId = after === from ? state : ids.idOf(after);
        if (afterId < 0) return unknown("memory");
        flip(op);
        const v = visit(afterId);
        if (v === VISIT_FULL) {
          flip(op);
          return unknown("memory");
        }
        if (v !== VISIT_SEEN) {
          if (explored >= maxStates) {
            flip(op);
            return unknown("states");
          }
          explored++;
          stackEntry.push(entry);
          stackState.push(state);
          state = afterId;
          lift(entry);
          if (stackEntry.length > longest.length) {
            deeper = true;
            blocked = undefined;
          }
          entry = next[0]!;
          continue;
        }
        flip(op);
      }
      entry = next[entry]!;
    } else {
      if (deeper) {
        keepLongest();
        blocked = entOp[entry]!;
      } else if (blocked === undefined && stackEntry.length === longest.length) blocked = entOp[entry]!;
      if (stackEntry.length === 0) return { result: "illegal", statesExplored: explored, memoBytes: memo.peakBytes, longest, ...(blocked === undefined ? {} : { blocked }) };
      const e = stackEntry.pop()!;
      state = stackState.pop()!;
      flip(entOp[e]!);
      unlift(e);
      entry = next[e]!;
    }
  }
  return { result: "ok", statesExplored: explored, memoBytes: memo.peakBytes, longest: stackEntry.map((e) => entOp[e]!) };
}
