// A random transactional workload over a few keys with unique written values,
// recorded per txn, and an inline reference check: every read returns the
// newest version committed at or before the txn's snapshot; no two committed
// writers of a key overlap in time (first-committer-wins); commit ts unique.
import { openEngine, type EngineConfig } from "../../src/engine/engine.js";
import { ConflictError } from "../../src/engine/errors.js";
import type { Ports } from "../../src/engine/ports.js";
import { Rng } from "../../src/sim/rng.js";
import type { World } from "../../src/sim/world.js";

export interface TxnLog {
  readonly thread: string;
  id: number;
  start: number;
  commit?: number;
  readonly reads: { key: string; value: string | null }[];
  readonly writes: Map<string, string | null>;
  outcome: "committed" | "aborted" | "open";
}

export interface WorkloadOptions {
  readonly threads: number;
  readonly txnsPerThread: number;
  readonly keys: number;
  readonly config?: EngineConfig;
  /** Processes to spread threads over (round-robin). */
  readonly processes?: number;
  readonly opsMax?: number;
}

export function spawnWorkload(world: World, seed: bigint, o: WorkloadOptions): TxnLog[] {
  const logs: TxnLog[] = [];
  const pids = Array.from({ length: o.processes ?? 1 }, (_, i) => world.spawnProcess(`p${i}`));
  for (let t = 0; t < o.threads; t++) {
    const name = `w${t}`;
    const rng = new Rng(seed).fork(name);
    world.spawnThread(pids[t % pids.length]!, name, (p) => client(p, name, rng, o, logs));
  }
  return logs;
}

function* client(p: Ports, name: string, rng: Rng, o: WorkloadOptions, logs: TxnLog[]) {
  const engine = yield* openEngine(p, o.config);
  for (let n = 0; n < o.txnsPerThread; n++) {
    const txn = yield* engine.begin(p);
    const log: TxnLog = { thread: name, id: txn.id, start: txn.startTs, reads: [], writes: new Map(), outcome: "open" };
    logs.push(log);
    try {
      const ops = rng.range(1, o.opsMax ?? 3);
      for (let i = 0; i < ops; i++) {
        const key = `k${rng.int(o.keys)}`;
        const r = rng.next();
        if (r < 0.45) {
          const value = yield* txn.get(p, key);
          if (!log.writes.has(key)) log.reads.push({ key, value });
          else if (log.writes.get(key) !== value) throw new Error(`${name}: own write of ${key} not read back`);
        } else if (r < 0.9) {
          const value = `${name}-${n}-${i}`;
          yield* txn.put(p, key, value);
          log.writes.set(key, value);
        } else {
          yield* txn.delete(p, key);
          log.writes.set(key, null);
        }
      }
      log.commit = yield* txn.commit(p);
      log.outcome = "committed";
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      yield* txn.abort(p);
      log.outcome = "aborted";
    }
  }
}

export interface SiReport {
  readonly badReads: string[];
  readonly overlaps: string[];
  readonly duplicateTs: string[];
  readonly committed: number;
  readonly aborted: number;
  readonly reads: number;
}

export function checkSnapshotIsolation(logs: readonly TxnLog[]): SiReport {
  const committed = logs.filter((l) => l.outcome === "committed" && l.writes.size > 0);
  const byKey = new Map<string, { ts: number; value: string | null; id: number }[]>();
  for (const l of committed) {
    for (const [k, v] of l.writes) {
      const list = byKey.get(k) ?? [];
      list.push({ ts: l.commit!, value: v, id: l.id });
      byKey.set(k, list);
    }
  }
  for (const list of byKey.values()) list.sort((a, b) => a.ts - b.ts);
  const badReads: string[] = [];
  let reads = 0;
  for (const l of logs) {
    for (const r of l.reads) {
      reads++;
      const list = byKey.get(r.key) ?? [];
      let expected: string | null = null;
      for (const v of list) if (v.ts <= l.start) expected = v.value;
      if (expected !== r.value) badReads.push(`txn ${l.id} (${l.thread}, snapshot ${l.start}) read ${r.key}=${r.value}, expected ${expected}`);
    }
  }
  const overlaps: string[] = [];
  for (const list of byKey.entries()) {
    const [key, vs] = list;
    for (let i = 1; i < vs.length; i++) {
      const later = committed.find((l) => l.id === vs[i]!.id)!;
      if (later.start < vs[i - 1]!.ts) overlaps.push(`${key}: txn ${vs[i - 1]!.id} committed at ${vs[i - 1]!.ts} after txn ${later.id}'s snapshot ${later.start}, both committed`);
    }
  }
  const seen = new Map<number, number>();
  const duplicateTs: string[] = [];
  for (const l of committed) {
    const prev = seen.get(l.commit!);
    if (prev !== undefined) duplicateTs.push(`txns ${prev} and ${l.id} both committed at ${l.commit}`);
    seen.set(l.commit!, l.id);
  }
  return {
    badReads,
    overlaps,
    duplicateTs,
    committed: committed.length,
    aborted: logs.filter((l) => l.outcome === "aborted").length,
    reads,
  };
}
