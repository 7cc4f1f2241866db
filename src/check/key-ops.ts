// One key's share of a history, as ops the WGL search and the unique-value
// register path take: single-key ops as they are, a txn's writes as one atomic
// write per key inside its interval. Contract: failed ops are left out (they
// did not happen); an info op may take effect at any point after its call.
import type { Key, MicroOp, Value } from "../history/events.js";
import type { KvInput, KvOutput } from "../models/kv-model.js";
import { valueKey } from "../models/value.js";
import { type Op, outcome } from "./op-pairing.js";
import type { SearchOp } from "./wgl-search.js";

export interface KeyOp extends SearchOp<KvInput, KvOutput> {
  readonly op: Op;
}

export interface Entry {
  readonly op: Op;
  readonly key: Key;
}

/** One shape for every key op (no spreads: a 100k-op history makes them by the hundred thousand). */
function keyOp(id: number, op: Op, call: number, ret: number, input: KvInput, output: KvOutput): KeyOp {
  return { id, op, call, ret, input, output };
}

/** The ops one history op contributes to one key's partition. */
export function keyOpsOf(e: Entry, id: number): KeyOp[] {
  const op = e.op;
  if (op.f !== "txn") {
    const k = toKeyOp(op, id);
    return k ? [k] : [];
  }
  const o = outcome(op);
  if (o === "fail") return [];
  const known = o === "ok";
  const call = op.invokeStep;
  const ret = known ? op.completeStep! : Infinity;
  const mine = ((op.completion ?? op.invoke).value as MicroOp[]).filter((m) => m[0] !== "r" && valueKey(m[1]) === valueKey(e.key));
  const output = known ? null : undefined;
  if (mine.some((m) => m[0] === "w")) {
    // The txn's net effect on the key, applied at once at its commit.
    let v: Value = null;
    for (const [kind, , x] of mine) v = kind === "w" ? x : Array.isArray(v) ? [...v, x] : [x];
    return [keyOp(id, op, call, ret, v === null ? { f: "delete" } : { f: "write", value: v }, output)];
  }
  // Appends only: one op each (a little more permissive than one atomic step, never stricter).
  return mine.map((m) => keyOp(id, op, call, ret, { f: "append", element: m[2] }, output));
}

function toKeyOp(op: Op, id: number): KeyOp | undefined {
  const o = outcome(op);
  if (o === "fail") return undefined; // did not happen
  const known = o === "ok";
  const v = ((op.completion ?? op.invoke).value as [Key, unknown])[1];
  const ret = known ? op.completeStep! : Infinity;
  const call = op.invokeStep;
  const done = known ? null : undefined;
  switch (op.f) {
    case "read":
      return known ? keyOp(id, op, call, ret, { f: "read" }, v as Value) : undefined;
    case "write":
      return keyOp(id, op, call, ret, v === null ? { f: "delete" } : { f: "write", value: v as Value }, done);
    case "cas": {
      const pair = v as [Value, Value];
      return keyOp(id, op, call, ret, { f: "cas", expected: pair[0], next: pair[1] }, known ? true : undefined);
    }
    case "append":
      return keyOp(id, op, call, ret, { f: "append", element: v as Value }, done);
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

export function writesObserved(o: KeyOp, kept: readonly KeyOp[]): boolean {
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
export function withoutUnseenMaybes(ops: readonly KeyOp[]): readonly KeyOp[] {
  if (!ops.some((o) => o.ret === Infinity && written(o) !== undefined)) return ops;
  const observed = new Set<string>();
  for (const r of ops) for (const x of observedValues(r)) observed.add(valueKey(x));
  return ops.filter((o) => {
    if (o.ret !== Infinity) return true;
    const w = written(o);
    return w === undefined || observed.has(valueKey(w));
  });
}

/** The ops with ids 0..n-1 in order (new objects only where an id changes). */
export function reindex(ops: readonly KeyOp[]): KeyOp[] {
  return ops.map((o, id) => (o.id === id ? o : keyOp(id, o.op, o.call, o.ret, o.input, o.output)));
}
