// Linearizability of single-key operations (read / write / cas / append),
// checked per key (P-compositionality) with the WGL search and the kv model.
// Contract: ok / violation / unknown (a per-key budget of states ran out);
// evidence is the longest partial linearization and the ops left unplaced.
import type { HistoryEvent, Key, Value } from "../sim/history.js";
import type { Violation } from "../sim/verdict.js";
import { type KvInput, type KvOutput, kvModel } from "../models/kv-model.js";
import { valueKey } from "../models/value.js";
import type { CheckResult, Checker } from "./checker.js";
import { type Op, OpPairer, outcome } from "./op-pairing.js";
import { type SearchOp, wglSearch } from "./wgl-search.js";

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

function writesObserved(o: KeyOp, kept: readonly KeyOp[]): boolean {
  const w = written(o);
  if (w === undefined) return false;
  const k = valueKey(w);
  return kept.some((r) => {
    if (r.input.f !== "read" || r.output === undefined || typeof r.output === "boolean") return false;
    const seen = r.output;
    return valueKey(seen) === k || (Array.isArray(seen) && seen.some((x) => valueKey(x) === k));
  });
}

function reindex(ops: readonly KeyOp[]): KeyOp[] {
  return ops.map((o, id) => ({ ...o, id }));
}

export class LinearizabilityChecker implements Checker {
  readonly name = "linearizability";
  readonly property = "linearizability" as const;
  private readonly pairer = new OpPairer();
  private readonly byKey = new Map<string, { key: Key; ops: Op[] }>();
  private readonly maxStates: number;
  private readonly shrinkMax: number;

  constructor(options: LinearizabilityOptions = {}) {
    this.maxStates = options.maxStatesPerKey ?? 1_000_000;
    this.shrinkMax = options.shrinkOpsMax ?? 200;
  }

  onEvent(event: HistoryEvent): Violation | undefined {
    if (event.type === "invoke" && SINGLE.has(event.f)) {
      const key = (event.value as [Key, unknown])[0];
      const k = valueKey(key);
      const entry = this.byKey.get(k) ?? { key, ops: [] };
      this.byKey.set(k, entry);
      this.pairer.onEvent(event);
      // The op object is shared with the pairer, which fills in its completion.
      entry.ops.push(this.pairer.openOf(event.process)!);
      return undefined;
    }
    this.pairer.onEvent(event);
    return undefined;
  }

  finish(): CheckResult {
    const violations: Violation[] = [];
    let unknownKeys = 0;
    let states = 0;
    let ops = 0;
    const reasons: string[] = [];
    const keys = [...this.byKey.keys()].sort();
    for (const k of keys) {
      const { key, ops: raw } = this.byKey.get(k)!;
      const keyOps = reindex(raw.map((o, i) => toKeyOp(o, i)).filter((o): o is KeyOp => o !== undefined));
      ops += keyOps.length;
      const r = wglSearch(kvModel, keyOps, this.maxStates);
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
      ? `no order of the ops on key ${k} explains process ${b.op.process}'s ${kvModel.describe(b.input, b.output)} (invoked at step ${b.call}, completed at step ${b.ret})`
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
      // A write whose value some kept read saw stays: without it the read
      // would only show "a value nobody wrote", a weaker story.
      if (writesObserved(kept[i]!, kept)) continue;
      const without = kept.filter((_, j) => j !== i);
      if (without.length > 0 && wglSearch(kvModel, reindex(without), budget).result === "illegal") kept = without;
    }
    return kept;
  }
}
