// A deterministic generator of transactional histories (list-append keys,
// optionally rw-register keys) from concurrent processes. `isolation:
// "serializable"` applies each txn atomically at its completion (strict-
// serializable by construction); "snapshot" reads from a snapshot taken at the
// invoke and aborts on a write-write conflict (first committer wins), so write
// skew happens but nothing SI forbids. Feeds property tests and the benchmark.
import type { HistoryEvent, MicroOp } from "../../history/events.js";

/** The draws the generator needs; the simulator's seeded Rng has them (a checker imports no simulator). */
export interface Draws {
  int(n: number): number;
  chance(p: number): boolean;
}

export interface WorkloadOptions {
  readonly txns: number;
  readonly processes: number;
  /** Keys in use at once; a list key is retired after `appendsPerKeyMax` appends. */
  readonly activeKeys: number;
  readonly appendsPerKeyMax: number;
  readonly opsPerTxnMax: number;
  /** Share of ops on rw-register keys (ids -1..-4) instead of list keys. */
  readonly registerShare: number;
  readonly failProbability: number;
  readonly isolation: "serializable" | "snapshot";
}

export const DEFAULT_WORKLOAD: WorkloadOptions = {
  txns: 1000,
  processes: 5,
  activeKeys: 8,
  appendsPerKeyMax: 32,
  opsPerTxnMax: 4,
  registerShare: 0,
  failProbability: 0.02,
  isolation: "serializable",
};

/** Committed versions of one key, in commit order. invariant: seq is increasing. */
interface Versions {
  seq: number[];
  values: number[];
}

function visible(v: Versions | undefined, snapshot: number): number {
  if (v === undefined) return 0;
  let n = v.seq.length;
  while (n > 0 && v.seq[n - 1]! > snapshot) n--;
  return n;
}

export function generateHistory(rng: Draws, opts: Partial<WorkloadOptions> = {}): HistoryEvent[] {
  const o = { ...DEFAULT_WORKLOAD, ...opts };
  const store = new Map<number, Versions>();
  const active: number[] = [];
  let nextKey = 0;
  for (let i = 0; i < o.activeKeys; i++) active.push(nextKey++);
  let nextValue = 1;
  let commitSeq = 0;
  const pending: ({ ops: MicroOp[]; snapshot: number } | undefined)[] = new Array(o.processes).fill(undefined);
  const events: HistoryEvent[] = [];
  let invoked = 0;
  let busy = 0;
  while (invoked < o.txns || busy > 0) {
    const p = rng.int(o.processes);
    const txn = pending[p];
    if (txn === undefined) {
      if (invoked >= o.txns) continue;
      const n = 1 + rng.int(o.opsPerTxnMax);
      const ops: MicroOp[] = [];
      for (let i = 0; i < n; i++) {
        const slot = rng.int(active.length);
        const reg = rng.chance(o.registerShare);
        const key = reg ? -1 - (slot % 4) : active[slot]!;
        if (rng.chance(0.5)) ops.push(["r", key, null]);
        else ops.push([reg ? "w" : "append", key, nextValue++]);
      }
      pending[p] = { ops, snapshot: commitSeq };
      invoked++;
      busy++;
      events.push({ type: "invoke", process: p, f: "txn", value: ops, index: events.length });
      continue;
    }
    pending[p] = undefined;
    busy--;
    const snapshot = o.isolation === "snapshot" ? txn.snapshot : commitSeq;
    const conflict = txn.ops.some((op) => op[0] !== "r" && visible(store.get(op[1] as number), Infinity) > visible(store.get(op[1] as number), snapshot));
    if (conflict || rng.chance(o.failProbability)) {
      events.push({ type: "fail", process: p, f: "txn", value: txn.ops, index: events.length, error: conflict ? "conflict" : "aborted" });
      continue;
    }
    const own = new Map<number, number[]>(); // this txn's writes per key, in order
    const done: MicroOp[] = txn.ops.map((op): MicroOp => {
      const [f, key, v] = op as [string, number, number];
      const mine = own.get(key) ?? [];
      if (f !== "r") {
        mine.push(v);
        own.set(key, mine);
        return op;
      }
      const vs = store.get(key);
      const n = visible(vs, snapshot);
      if (key >= 0) return ["r", key, [...(vs?.values.slice(0, n) ?? []), ...mine]];
      const last = mine.length > 0 ? mine[mine.length - 1] : n > 0 ? vs!.values[n - 1] : undefined;
      return ["r", key, last ?? null];
    });
    commitSeq++;
    for (const [key, values] of own) {
      let vs = store.get(key);
      if (vs === undefined) store.set(key, (vs = { seq: [], values: [] }));
      for (const v of values) {
        vs.seq.push(commitSeq);
        vs.values.push(v);
      }
      if (key >= 0 && vs.values.length >= o.appendsPerKeyMax) {
        const at = active.indexOf(key);
        if (at >= 0) active[at] = nextKey++;
      }
    }
    events.push({ type: "ok", process: p, f: "txn", value: done, index: events.length });
  }
  return events;
}
