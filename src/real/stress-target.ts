// What the stress workload drives: a key-value store with snapshot-isolated
// transactions and single-key operations, over integer keys and values (null =
// absent). The engine is adapted to it (src/cli/commands/stress-registry.ts); a small lock-free
// copy-on-write store (cow-kv.ts) lets the runtime be exercised on its own.
import type { Gen, Ports } from "../engine/ports.js";
import type { TxnStamps } from "../history/events.js";

export interface StressTxn {
  get(key: number): Gen<number | null>;
  /** null deletes. */
  put(key: number, value: number | null): Gen<void>;
  commit(): Gen<void>;
  abort(): Gen<void>;
  /** The txn's stamps as the store sees them (commit present once committed). */
  stamps(): TxnStamps | undefined;
}

export interface StressTarget {
  begin(): Gen<StressTxn>;
  get(key: number): Gen<number | null>;
  put(key: number, value: number | null): Gen<void>;
  /** Compare-and-set; true when it took effect. */
  cas(key: number, expected: number | null, next: number | null): Gen<boolean>;
  /** Housekeeping a client runs now and then (GC, cleanup after dead processes). */
  maintain(): Gen<void>;
}

/** How the workload names an error in the history: "conflict" and "arena-full" are definite failures. */
export type ErrorClass = "conflict" | "arena-full" | "error";

export interface TargetKind {
  readonly name: string;
  /** Whether a snapshot at ts sees a commit at exactly ts ("inclusive") or not ("strict"). */
  readonly visibility: "strict" | "inclusive";
  /** Opens (or attaches to) the store in the shared arena. */
  open(ports: Ports, keys: number): Gen<StressTarget>;
  classify(e: unknown): ErrorClass;
}
