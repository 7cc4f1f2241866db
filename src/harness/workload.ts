// Workload plans: what each client thread will ask of the engine, drawn from
// the "workload" stream before the run starts, so the plan never depends on
// scheduling or faults. Every written value is unique per run (the element
// number times the thread count plus the thread index), which is what lets
// the black-box checkers infer version orders.
import type { Key, MicroOp } from "../history/events.js";
import type { Rng } from "../sim/rng.js";
import { keySampler, type KeyDistribution } from "./key-distribution.js";

export interface WorkloadSpec {
  /** Operations (transactions or single-key ops) per client thread. */
  readonly opsPerThread: number;
  /** Micro-ops per transaction, inclusive bounds. */
  readonly txnSizeMin: number;
  readonly txnSizeMax: number;
  /** Share of micro-ops (and single-key ops) that read. */
  readonly readRatio: number;
  /** Share of operations that are single-key ops outside transactions. */
  readonly singleKeyOpRatio: number;
  /** Share of transactions that read every key in key order (a snapshot scan); absent = 0. */
  readonly scanRatio?: number;
  /** Simulated µs a client waits between a transaction's micro-ops (holding its snapshot); absent = 0. */
  readonly thinkUs?: number;
  readonly keyCount: number;
  readonly keyDistribution: KeyDistribution;
  /** register: reads and writes of single values; list-append: appends and list reads. */
  readonly values: "register" | "list-append";
}

export type PlannedOp =
  | { readonly f: "txn"; readonly ops: readonly MicroOp[] }
  | { readonly f: "read"; readonly key: Key }
  | { readonly f: "write"; readonly key: Key; readonly value: number }
  /** cas: the client fills in `expected` from the last value it read of the key. */
  | { readonly f: "cas"; readonly key: Key; readonly value: number }
  | { readonly f: "append"; readonly key: Key; readonly value: number };

/** Plans for `threads` client threads; thread i's plan uses only stream `client-i`. */
export function planWorkload(spec: WorkloadSpec, threads: number, rng: Rng): PlannedOp[][] {
  const sample = keySampler(spec.keyCount, spec.keyDistribution);
  const plans: PlannedOp[][] = [];
  for (let i = 0; i < threads; i++) {
    const r = rng.fork(`client-${i}`);
    let counter = 0;
    const unique = (): number => ++counter * threads + i;
    const ops: PlannedOp[] = [];
    for (let n = 0; n < spec.opsPerThread; n++) ops.push(planOne(spec, r, sample, unique));
    plans.push(ops);
  }
  return plans;
}

function planOne(spec: WorkloadSpec, r: Rng, sample: (rng: Rng) => number, unique: () => number): PlannedOp {
  const append = spec.values === "list-append";
  if (r.chance(spec.singleKeyOpRatio)) {
    const key = sample(r);
    if (r.chance(spec.readRatio)) return { f: "read", key };
    if (append) return { f: "append", key, value: unique() };
    return r.chance(0.3) ? { f: "cas", key, value: unique() } : { f: "write", key, value: unique() };
  }
  // Checked only when asked for, so plans without scans draw the same numbers as before.
  if ((spec.scanRatio ?? 0) > 0 && r.chance(spec.scanRatio!)) {
    return { f: "txn", ops: Array.from({ length: spec.keyCount }, (_, key): MicroOp => ["r", key, null]) };
  }
  const size = r.range(spec.txnSizeMin, spec.txnSizeMax);
  const ops: MicroOp[] = [];
  for (let j = 0; j < size; j++) {
    const key = sample(r);
    if (r.chance(spec.readRatio)) ops.push(["r", key, null]);
    else ops.push(append ? ["append", key, unique()] : ["w", key, unique()]);
  }
  return { f: "txn", ops };
}
