// Linearizability of single-key operations (read / write / cas / append),
// checked per key (P-compositionality): keys smallest first, a register whose
// writes are all distinct by the unique-value path, an append key by the WGL
// search with the append-set model, any other key with the plain kv model. A
// transaction's writes count as one atomic write per key inside its interval
// (its reads do not: only its commit is).
// Contract: ok / violation / unknown (a key's budget of states or memory ran
// out, named in unknownReason). By default the check stops at the first
// illegal key: the verdict is decided; allKeys reports every key.
import type { HistoryEvent, Key, MicroOp } from "../history/events.js";
import { txnId } from "../history/ids.js";
import type { Violation } from "../history/verdict.js";
import { kvModel } from "../models/kv-model.js";
import { valueKey } from "../models/value.js";
import type { CheckResult, Checker } from "./checker.js";
import { type Entry, type KeyOp, keyOpsOf, reindex, withoutUnseenMaybes } from "./key-ops.js";
import { minimalSubHistory, type SubHistory } from "./minimal-sub-history.js";
import { type Op, OpPairer } from "./op-pairing.js";
import { uniqueValueRegister } from "./unique-value-register.js";
import { SEARCH_MEMORY_BYTES_DEFAULT, type SearchResult, wglSearch } from "./wgl-search.js";
import { appendSetModel, inReadOrder } from "./append-set-model.js";

export interface LinearizabilityOptions {
  /** Distinct (linearized set, state) pairs to explore per key before answering unknown. */
  readonly maxStatesPerKey?: number;
  /** Bytes a key's search memo may hold (our own count, not the host heap) before answering unknown. */
  readonly maxMemoryBytes?: number;
  /** Check every key, reporting each illegal one; by default the check stops at the first. */
  readonly allKeys?: boolean;
  /**
   * Shrink a violation's sub-history with the key's whole state budget. By
   * default the shrink may spend no more states than the search that found
   * the violation (at least SHRINK_STATES_MIN).
   */
  readonly minimize?: boolean;
  /** Sub-histories longer than this are not shrunk op by op. */
  readonly shrinkOpsMax?: number;
}

/** The shrink's floor, so a violation found in a handful of states still gets a small story. */
export const SHRINK_STATES_MIN = 10_000;

const SINGLE = new Set(["read", "write", "cas", "append"]);

/** One key's verdict and what it cost. */
export interface KeyVerdict {
  readonly key: Key;
  readonly ops: number;
  readonly result: "ok" | "illegal" | "unknown";
  readonly statesExplored: number;
  readonly memoBytes: number;
  /** Decided by the unique-value register path, without a search. */
  readonly uniqueValue: boolean;
  readonly exhausted?: "states" | "memory";
  readonly violation?: Violation;
}

function okWithoutSearch(key: Key, ops: readonly KeyOp[]): KeyVerdict {
  return { key, ops: ops.length, result: "ok", statesExplored: 0, memoBytes: 0, uniqueValue: true };
}

export class LinearizabilityChecker implements Checker {
  readonly name = "linearizability";
  readonly property = "linearizability" as const;
  private readonly pairer = new OpPairer();
  private readonly byKey = new Map<string, { key: Key; entries: Entry[] }>();
  private readonly maxStates: number;
  private readonly maxBytes: number;
  private readonly allKeys: boolean;
  private readonly minimize: boolean;
  private readonly shrinkMax: number;

  constructor(readonly options: LinearizabilityOptions = {}) {
    this.maxStates = options.maxStatesPerKey ?? 1_000_000;
    this.maxBytes = options.maxMemoryBytes ?? SEARCH_MEMORY_BYTES_DEFAULT;
    this.allKeys = options.allKeys ?? false;
    this.minimize = options.minimize ?? false;
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

  /** Each key's ops, smallest key first (ties by key), so a cheap violation is found first. */
  keysBySize(): Array<{ key: Key; ops: KeyOp[] }> {
    const keys = [...this.byKey.entries()].map(([k, { key, entries }]) => {
      const all: KeyOp[] = [];
      for (const e of entries) for (const o of keyOpsOf(e, all.length)) all.push(o);
      return { k, key, ops: reindex(withoutUnseenMaybes(all)) };
    });
    keys.sort((a, b) => a.ops.length - b.ops.length || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    return keys.map(({ key, ops }) => ({ key, ops }));
  }

  finish(): CheckResult {
    return this.finishKeys(this.keysBySize());
  }

  /** The verdict over these keys, checked in the order given. */
  finishKeys(keys: ReadonlyArray<{ key: Key; ops: KeyOp[] }>): CheckResult {
    const verdicts: KeyVerdict[] = [];
    for (const { key, ops } of keys) {
      const v = this.checkKey(key, ops);
      verdicts.push(v);
      if (v.result === "illegal" && !this.allKeys) break;
    }
    return this.summarise(verdicts, keys.length);
  }

  /** The key's verdict when the unique-value path finds it ok (no search needed), else undefined. */
  quickVerdict(key: Key, ops: readonly KeyOp[]): KeyVerdict | undefined {
    return uniqueValueRegister(ops)?.result === "ok" ? okWithoutSearch(key, ops) : undefined;
  }

  /** One key's verdict: the unique-value path when it applies, else the WGL search. */
  checkKey(key: Key, ops: readonly KeyOp[]): KeyVerdict {
    const budget = { maxStates: this.maxStates, maxMemoryBytes: this.maxBytes };
    const fast = uniqueValueRegister(ops);
    if (fast?.result === "ok") return okWithoutSearch(key, ops);
    let witness: KeyOp[] | undefined;
    let spent = 0;
    if (fast?.result === "illegal") {
      // Confirmed by search on the witness alone, so a violation never rests on the fast path only.
      const w = reindex(fast.witness.map((i) => ops[i]!));
      const r = wglSearch(kvModel, w, budget);
      spent += r.statesExplored;
      if (r.result === "illegal") witness = w;
    }
    // With a witness, the whole key is searched only for a long legal prefix to show, on the shrink's floor.
    const searchBudget = witness ? { ...budget, maxStates: Math.min(this.maxStates, SHRINK_STATES_MIN) } : budget;
    const appends = appendSetModel(ops);
    const r = appends ? wglSearch(appends, ops, searchBudget) : wglSearch(kvModel, ops, searchBudget);
    spent += r.statesExplored;
    const base = { key, ops: ops.length, statesExplored: spent, memoBytes: r.memoBytes, uniqueValue: witness !== undefined };
    if (witness && fast?.result === "illegal") return { ...base, result: "illegal", violation: this.explain(key, ops, r, { ops: witness, why: fast.why }, spent) };
    if (r.result === "ok") return { ...base, result: "ok" };
    if (r.result === "unknown") return { ...base, result: "unknown", ...(r.exhausted ? { exhausted: r.exhausted } : {}) };
    return { ...base, result: "illegal", violation: this.explain(key, ops, r, undefined, spent) };
  }

  /** The result over the keys' verdicts (in the order checked) out of keyCount keys. */
  summarise(verdicts: readonly KeyVerdict[], keyCount: number): CheckResult {
    const violations = verdicts.flatMap((v) => (v.violation ? [v.violation] : []));
    const unknown = verdicts.filter((v) => v.result === "unknown");
    const reasons = unknown.slice(0, 3).map((v) => {
      const spent = v.exhausted === "memory" ? `memory budget of ${this.maxBytes} bytes (--max-memory) spent after ${v.statesExplored} states` : `state budget of ${this.maxStates} states (--max-states) spent`;
      return `key ${JSON.stringify(v.key)}: ${spent} without an answer (${v.ops} ops)`;
    });
    const verdict = violations.length > 0 ? "violation" : unknown.length > 0 ? "unknown" : "ok";
    return {
      checker: this.name,
      verdict,
      violations,
      ...(verdict === "unknown" ? { unknownReason: `budget exhausted on ${unknown.length} key(s): ${reasons.join("; ")}` } : {}),
      stats: {
        keys: keyCount,
        keysChecked: verdicts.length,
        ops: verdicts.reduce((n, v) => n + v.ops, 0),
        statesExplored: verdicts.reduce((n, v) => n + v.statesExplored, 0),
        memoBytesMax: verdicts.reduce((n, v) => Math.max(n, v.memoBytes), 0),
        uniqueValueKeys: verdicts.filter((v) => v.uniqueValue).length,
        unknownKeys: unknown.length,
      },
    };
  }

  private explain(key: Key, ops: readonly KeyOp[], search: SearchResult, witness: { ops: readonly KeyOp[]; why: string } | undefined, searchStates: number): Violation {
    const sub = this.shrink(ops, search, witness?.ops, searchStates);
    const minimal = sub.ops;
    const { blocked } = search;
    // The append-set model leaves unread appends in any order: show them in the order the read after them needs.
    const longest = appendSetModel(ops) ? inReadOrder(ops, search.longest) : search.longest;
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
    const first = witness?.ops[witness.ops.length - 1];
    const stuck = witness && search.result !== "illegal" && first
      ? `no order of the ops on key ${k} works: ${witness.why} (process ${first.op.process}'s ${kvModel.describe(first.input, first.output)}, ${txnId(first.call)}: invoked at history index ${first.call})`
      : b
      ? `no order of the ops on key ${k} explains process ${b.op.process}'s ${kvModel.describe(b.input, b.output)} (${txnId(b.call)}: invoked at history index ${b.call}, completed at history index ${b.ret})`
      : `no order of the ops on key ${k} is consistent with a single register`;
    const events = minimal.flatMap((o) => (o.op.completion && o.op.completion !== o.op.invoke ? [o.op.invoke, o.op.completion] : [o.op.invoke]));
    const prefix = search.result === "illegal" ? "The longest legal prefix" : "The longest legal prefix found within the budget";
    const shrunk = sub.minimal ? "already cannot be ordered" : "cannot be ordered (the shrink's budget ran out before every op was tried; --minimize spends more)";
    return {
      kind: "non-linearizable",
      property: "linearizability",
      rulesOut: ["linearizable"],
      step: b ? (Number.isFinite(b.ret) ? b.ret : b.call) : Math.max(...minimal.map((o) => (Number.isFinite(o.ret) ? o.ret : o.call))),
      threads: [...new Set(minimal.map((o) => o.op.process))].sort((x, y) => x - y),
      evidence: { key, linearized, stateAfterLongest: state.value, blocked: b ? kvModel.describe(b.input, b.output) : null, unplaced: unplaced.slice(0, 20), unplacedCount: unplaced.length, subHistory: events, subHistoryMinimal: sub.minimal },
      explanation: `${stuck}. ${prefix} places ${longest.length} of ${ops.length} ops and leaves the key at ${kvModel.describeState(state)}; the ${minimal.length} op(s) in the sub-history ${shrunk}.`,
    };
  }

  /** The sub-history to show: from the unique-value witness when there is one, else from the blocked op. */
  private shrink(ops: readonly KeyOp[], search: SearchResult, witness: readonly KeyOp[] | undefined, searchStates: number): SubHistory {
    const states = this.minimize ? this.maxStates : Math.max(searchStates, SHRINK_STATES_MIN);
    const budget = { states, memoryBytes: this.maxBytes, opsMax: this.minimize ? Infinity : this.shrinkMax };
    if (witness) return minimalSubHistory(witness, undefined, budget);
    const blockedRet = search.result === "illegal" && search.blocked !== undefined ? ops[search.blocked]!.ret : undefined;
    return minimalSubHistory(ops, blockedRet, budget);
  }
}
