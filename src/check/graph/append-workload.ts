// A deterministic generator of valid transactional histories (list-append keys,
// optionally rw-register keys): concurrent processes, each txn applied
// atomically at its completion, so the history is strict-serializable by
// construction. Feeds the property tests and the graph-checker benchmark.
import type { HistoryEvent, MicroOp } from "../../sim/history.js";
import type { Rng } from "../../sim/rng.js";

export interface WorkloadOptions {
  readonly txns: number;
  readonly processes: number;
  /** Keys in use at once; a key is retired after `appendsPerKeyMax` appends. */
  readonly activeKeys: number;
  readonly appendsPerKeyMax: number;
  readonly opsPerTxnMax: number;
  /** Share of ops on rw-register keys (negative ids) instead of list keys. */
  readonly registerShare: number;
  readonly failProbability: number;
}

export const DEFAULT_WORKLOAD: WorkloadOptions = {
  txns: 1000,
  processes: 5,
  activeKeys: 8,
  appendsPerKeyMax: 32,
  opsPerTxnMax: 4,
  registerShare: 0,
  failProbability: 0.02,
};

export function generateHistory(rng: Rng, opts: Partial<WorkloadOptions> = {}): HistoryEvent[] {
  const o = { ...DEFAULT_WORKLOAD, ...opts };
  const lists = new Map<number, number[]>();
  const regs = new Map<number, number>();
  const active: number[] = [];
  let nextKey = 0;
  for (let i = 0; i < o.activeKeys; i++) active.push(nextKey++);
  let nextValue = 1;
  const pending: (MicroOp[] | undefined)[] = new Array(o.processes).fill(undefined);
  const events: HistoryEvent[] = [];
  let invoked = 0;
  let busy = 0;
  while (invoked < o.txns || busy > 0) {
    const p = rng.int(o.processes);
    const ops = pending[p];
    if (ops === undefined) {
      if (invoked >= o.txns) continue;
      const n = 1 + rng.int(o.opsPerTxnMax);
      const next: MicroOp[] = [];
      for (let i = 0; i < n; i++) {
        const slot = rng.int(active.length);
        const reg = rng.chance(o.registerShare);
        const key = reg ? -1 - (slot % 4) : active[slot]!;
        const read = rng.chance(0.5);
        if (read) next.push(["r", key, null]);
        else next.push([reg ? "w" : "append", key, nextValue++]);
      }
      pending[p] = next;
      invoked++;
      busy++;
      events.push({ type: "invoke", process: p, f: "txn", value: next, index: events.length });
      continue;
    }
    pending[p] = undefined;
    busy--;
    if (rng.chance(o.failProbability)) {
      events.push({ type: "fail", process: p, f: "txn", value: ops, index: events.length, error: "conflict" });
      continue;
    }
    const done: MicroOp[] = ops.map((op): MicroOp => {
      const [f, k, v] = op;
      if (f === "r") return typeof k === "number" && k < 0 ? ["r", k, regs.get(k as number) ?? null] : ["r", k, [...(lists.get(k as number) ?? [])]];
      if (f === "w") regs.set(k as number, v as number);
      else {
        const list = lists.get(k as number) ?? [];
        list.push(v as number);
        lists.set(k as number, list);
        if (list.length >= o.appendsPerKeyMax) {
          const at = active.indexOf(k as number);
          if (at >= 0) active[at] = nextKey++;
        }
      }
      return op;
    });
    events.push({ type: "ok", process: p, f: "txn", value: done, index: events.length });
  }
  return events;
}
