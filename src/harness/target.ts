// What the harness drives: a key-value store with transactions, seen through
// the smallest interface a client needs. The engine is adapted to it in
// engine-target.ts; tests drive toy targets through the same loop.
// Contract: every method is a generator run on the calling thread's ports.
import type { Gen, Ports } from "../engine/ports.js";
import type { Visibility } from "../models/visibility.js";
import type { TxnStamps } from "../history/events.js";

export interface KvTxn {
  readonly id: number;
  /** Snapshot timestamp. */
  readonly startTs: number;
  get(key: string): Gen<string | null>;
  put(key: string, value: string): Gen<void>;
  del(key: string): Gen<void>;
  /** Returns the commit timestamp once the commit is acknowledged. */
  commit(): Gen<number>;
  abort(): Gen<void>;
}

/** One client thread's handle on the store. */
export interface KvSession {
  begin(): Gen<KvTxn>;
  get(key: string): Gen<string | null>;
  put(key: string, value: string): Gen<void>;
  del(key: string): Gen<void>;
  /** Sets `key` to `value` iff it currently holds `expected` (null = absent). */
  cas(key: string, expected: string | null, value: string): Gen<boolean>;
  /** White-box stamps of the last single-key op that succeeded, where the store knows them. */
  lastStamps?(): TxnStamps | undefined;
}

/** The store as one process has opened it. */
export interface KvStore {
  session(ports: Ports): KvSession;
  /** Background work for one daemon thread per process (GC, aggregator...), if any. */
  background?(ports: Ports): Gen<void>;
  /**
   * The quiet period at the end of a run: with no client left, collect what
   * nothing needs any more (the reclamation checker then bounds what remains).
   */
  quiesce?(ports: Ports): Gen<void>;
}

/** How an error thrown by the target ends an operation. */
export interface ErrorOutcome {
  /** fail: certainly did not take effect; info: may or may not have. */
  readonly type: "fail" | "info";
  readonly reason: string;
  /**
   * info only: the store's own resource limit (a full table, say) left the op
   * indeterminate. mvsim requires every other info op to have a crash, power
   * loss or disk fault of the run as its cause.
   */
  readonly limit?: string;
}

export interface KvTarget {
  readonly name: string;
  /** Whether a snapshot at ts sees commits at ts ("inclusive") or only before ("strict"). */
  readonly visibility: Visibility;
  /** Opens the store in a (re)started process: attach, or recover after a crash. */
  open(ports: Ports): Gen<KvStore>;
  /** Classifies an expected error; undefined means a bug (the run reports it). */
  classify(error: unknown): ErrorOutcome | undefined;
}

/**
 * Declares a target for mvsim (the public entry: `import { defineTarget } from "mvsim"`).
 * Checks its shape at once, so a mistake shows where the target is defined,
 * not in the middle of a run; returns the target unchanged.
 */
export function defineTarget<T extends KvTarget>(target: T): T {
  const problem = targetShapeProblem(target);
  if (problem) throw new TypeError(`defineTarget: ${problem}`);
  return target;
}

/** Why `t` is not a KvTarget, or undefined if it is one. */
export function targetShapeProblem(t: unknown): string | undefined {
  if (typeof t !== "object" || t === null) return "expected an object with name, visibility, open and classify";
  const o = t as Record<string, unknown>;
  if (typeof o.name !== "string" || o.name === "") return "name: expected a non-empty string";
  if (o.visibility !== "inclusive" && o.visibility !== "strict") return `visibility: expected "inclusive" or "strict", got ${JSON.stringify(o.visibility)}`;
  if (typeof o.open !== "function") return "open: expected a generator function (*open(ports) { ... return store; })";
  if (typeof o.classify !== "function") return "classify: expected a function (error) => { type: \"fail\" | \"info\", reason } | undefined";
  return undefined;
}
