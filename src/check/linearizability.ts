// Linearizability of single-key operations (read / write / cas / append),
// checked per key (P-compositionality) with the WGL search and the kv model.
// A transaction's writes count as one atomic write per key inside its interval
// (its reads do not: snapshot reads are not linearizable, only its commit is).
// Contract: ok / violation / unknown (a per-key budget of states ran out);
// evidence is the longest partial linearization and the ops left unplaced.
import type { HistoryEvent, Key, MicroOp, Value } from "../history/events.js";
import { txnId } from "../history/ids.js";
import type { Violation } from "../history/verdict.js";
import { type KvInput, type KvOutput, kvModel } from "../models/kv-model.js";
import { valueKey } from "../models/value.js";
import type { CheckResult, Checker } from "./checker.js";
import { type Op, OpPairer, outcome } from "./op-pairing.js";
import { type SearchOp, wglSearch } from "./wgl-search.js";
import { appendOrderModel } from "./append-order-model.js";

export interface LinearizabilityOptions {
  /** Distinct (linearized set, state) pairs to explore per key before answering unknown. */
  readonly maxStatesPerKey?: number;
  /** Shrink a violating key to a minimal sub-history (ops up to this many are tried). */
  readonly shrinkOpsMax?: number;
}

const SINGLE = new Set(["read", "write", "cas", "append"]);

interface KeyOp extends SearchOp<KvInput, KvOutput> {
  readonly op: Op;
}

interface Entry {
  readonly op: Op;
  readonly key: Key;
}

/** The ops one history op contributes to one key's partition. */
function keyOpsOf(e: Entry, id: number): KeyOp[] {
  const op = e.op;
  if (op.f !== "txn") {
    const k = toKeyOp(op, id);
    return k ? [k] : [];
  }
  const o = outcome(op);
  if (o === "fail") return [];
  const known = o === "ok";
  const base = { id, op, call: op.invokeStep, ret: known ? op.completeStep! : Infinity };
  const mine = ((op.completion ?? op.invoke).value as MicroOp[]).filter((m) => m[0] !== "r" && valueKey(m[1]) === valueKey(e.key));
  const output = known ? null : undefined;
  if (mine.some((m) => m[0] === "w")) {
    // The txn's net effect on the key, applied at once at its commit.
    let v: Value = null;
    for (const [kind, , x] of mine) v = kind === "w" ? x : Array.isArray(v) ? [...v, x] : [x];
    return [{ ...base, input: v === null ? { f: "delete" } : { f: "write", value: v }, output }];
  }
  // Appends only: one op each (a little more permissive than one atomic step, never stricter).
  return mine.map((m) => ({ ...base, input: { f: "append", element: m[2] }, output }));
}

function toKeyOp(op: Op, id: number): KeyOp | undefined {
  const o = outcome(op);
  if (o === "fail") return undefined; // did not happen
  const known = o === "ok";
  const [, v] = (op.completion ?? op.invoke).value as [Key, unknown];
  const ret = known ? op.completeStep! : Infinity;
  const base = { id, op, call: op.invokeStep, ret };
  switch (op.f) {
    case "read":
      return known ? { ...base, input: { f: "read" }, output: v as Value } : undefined;
    case "write":
      return v === null ? { ...base, input: { f: "delete" }, output: known ? null : undefined } : { ...base, input: { f: "write", value: v as Value }, output: known ? null : undefined };
    case "cas": {
      const [expected, next] = v as [Value, Value];
      return { ...base, input: { f: "cas", expected, next }, output: known ? true : undefined };
    }
    case "append":
      return { ...base, input: { f: "append", element: v as Value }, output: known ? null : undefined };
    default:
      return undefined;
  }
}

function written(o: KeyOp): Value | undefined {
  const i = o.input;
  return i.f === "write" ? i.value : i.f === "cas" ? i.next : i.f === "append" ? i.element : undefined;
}

/** The values an op needed to find on the key: a read's result, a cas's expected value. */
function observedValues(o: KeyOp): Value[] {
  if (o.input.f === "cas") return [o.input.expected];
  if (o.input.f !== "read" || o.output === undefined || typeof o.output === "boolean") return [];
  return Array.isArray(o.output) ? [o.output, ...o.output] : [o.output];
}

function writesObserved(o: KeyOp, kept: readonly KeyOp[]): boolean {
  const w = written(o);
  if (w === undefined) return false;
  const k = valueKey(w);
  return kept.some((r) => r !== o && observedValues(r).some((x) => valueKey(x) === k));
}

/**
 * Drops the ops that may or may not have happened (info: no completion) and
 * wrote a value no read saw and no cas expected. "It never happened" is then
 * always a consistent choice: had it happened, a later read would show its
 * value. Sound and complete, and it keeps crash-heavy histories (many info
 * appends, each multiplying the orders to try) within the state budget.
 */
function withoutUnseenMaybes(ops: readonly KeyOp[]): KeyOp[] {
  return ops.filter((o) => o.ret !== Infinity || written(o) === undefined || writesObserved(o, ops));
}

function reindex(ops: readonly KeyOp[]): KeyOp[] {
  return ops.map((o, id) => ({ ...o, id }));
}

export class LinearizabilityChecker implements Checker {
  readonly name = "linearizability";
  readonly property = "linearizability" as const;
  private readonly pairer = new OpPairer();
  private readonly byKey = new Map<string, { key: Key; entries: Entry[] }>();
  private readonly maxStates: number;
  private readonly shrinkMax: number;

  constructor(options: LinearizabilityOptions = {}) {
    this.maxStates = options.maxStatesPerKey ?? 1_000_000;
    this.shrinkMax = options.shrinkOpsMax ?? 200;
  }

  onEvent(event: HistoryEvent): Violation | undefined {
    this.pairer.onEvent(event);
    if (event.type !== "invoke") return undefined;
    // The op object is shared with the pairer, which fills in its completion.
    if (SINGLE.has(event.f)) this.add((event.value as [Key, unknown])[0], this.pairer.openOf(event.process)!);
    else if (event.f === "txn" && Array.isArray(event.value)) {
      const op = this.pairer.openOf(event.process)!;
      const written = new Map<string, Key>();
      for (const m of event.value as MicroOp[]) if (m[0] !== "r") written.set(valueKey(m[1]), m[1]);
      for (const key of written.values()) this.add(key, op);
    }
    return undefined;
  }

  private add(key: Key, op: Op): void {
    const k = valueKey(key);
    const entry = this.byKey.get(k) ?? { key, entries: [] };
    this.byKey.set(k, entry);
    entry.entries.push({ op, key });
  }

  finish(): CheckResult {
    const violations: Violation[] = [];
    let unknownKeys = 0;
    let states = 0;
    let ops = 0;
    const reasons: string[] = [];
    const keys = [...this.byKey.keys()].sort();
    for (const k of keys) {
      const { key, entries } = this.byKey.get(k)!;
      const keyOps = reindex(withoutUnseenMaybes(entries.flatMap((e) => keyOpsOf(e, 0))));
      ops += keyOps.length;
      const r = wglSearch(appendOrderModel(keyOps) ?? kvModel, keyOps, this.maxStates);
      states += r.statesExplored;
      if (r.result === "unknown") {
        unknownKeys++;
        if (reasons.length < 3) reasons.push(`key ${JSON.stringify(key)}: ${this.maxStates} states explored without an answer (${keyOps.length} ops)`);
      } else if (r.result === "illegal") violations.push(this.explain(key, keyOps, r.longest, r.blocked));
    }
    const verdict = violations.length > 0 ? "violation" : unknownKeys > 0 ? "unknown" : "ok";
    return {
      checker: this.name,
      verdict,
      violations,
      ...(verdict === "unknown" ? { unknownReason: `state budget exhausted on ${unknownKeys} key(s): ${reasons.join("; ")}` } : {}),
      stats: { keys: keys.length, ops, statesExplored: states, unknownKeys },
    };
  }

  private explain(key: Key, ops: readonly KeyOp[], longest: readonly number[], blocked: number | undefined): Violation {
    const minimal = this.shrink(ops, blocked);
    let state = kvModel.init();
    const linearized = longest.map((i) => {
      const o = ops[i]!;
      state = kvModel.step(state, o.input, o.output) ?? state;
      return { step: o.call, process: o.op.process, op: kvModel.describe(o.input, o.output), stateAfter: state.value };
    });
    const placed = new Set(longest);
    const unplaced = ops.filter((o) => !placed.has(o.id)).map((o) => ({ step: o.call, process: o.op.process, op: kvModel.describe(o.input, o.output) }));
    const b = blocked === undefined ? undefined : ops[blocked];
    const k = JSON.stringify(key);
    const stuck = b
      ? `no order of the ops on key ${k} explains process ${b.op.process}'s ${kvModel.describe(b.input, b.output)} (${txnId(b.call)}: invoked at history index ${b.call}, completed at history index ${b.ret})`
      : `no order of the ops on key ${k} is consistent with a single register`;
    const events = minimal.flatMap((o) => (o.op.completion && o.op.completion !== o.op.invoke ? [o.op.invoke, o.op.completion] : [o.op.invoke]));
    return {
      kind: "non-linearizable",
      property: "linearizability",
      rulesOut: ["linearizable"],
      step: b ? (Number.isFinite(b.ret) ? b.ret : b.call) : ops[0]!.call,
      threads: [...new Set(minimal.map((o) => o.op.process))].sort((x, y) => x - y),
      evidence: { key, linearized, stateAfterLongest: state.value, blocked: b ? kvModel.describe(b.input, b.output) : null, unplaced: unplaced.slice(0, 20), unplacedCount: unplaced.length, subHistory: events },
      explanation: `${stuck}. The longest legal prefix places ${longest.length} of ${ops.length} ops and leaves the key at ${kvModel.describeState(state)}; the ${minimal.length} op(s) in the sub-history already cannot be ordered.`,
    };
  }

  /** Ops up to the blocked completion, then greedily drops each op whose removal keeps the violation. */
  private shrink(ops: readonly KeyOp[], blocked: number | undefined): KeyOp[] {
    const cut = blocked === undefined ? Infinity : ops[blocked]!.ret;
    let kept = ops.filter((o) => o.call <= cut);
    if (wglSearch(kvModel, reindex(kept), this.maxStates).result !== "illegal") kept = ops.slice();
    if (kept.length > this.shrinkMax) return kept;
    const budget = Math.min(this.maxStates, 20_000);
    for (let i = kept.length - 1; i >= 0; i--) {
      // A write whose value a kept read saw (or a kept cas expected) stays:
      // without it the story would only be "a value nobody wrote".
      if (writesObserved(kept[i]!, kept)) continue;
      const without = kept.filter((_, j) => j !== i);
      if (without.length > 0 && wglSearch(kvModel, reindex(without), budget).result === "illegal") kept = without;
    }
    return kept;
  }
}
