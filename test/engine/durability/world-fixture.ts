// Test fixture: a World with a SimDisk the test can reach, plus helpers to run
// durability code in simulated threads and to check recovered state against
// what was acknowledged. Workload values are unique, so every present key names
// the transaction that wrote it.
import type { Gen, Ports } from "../../../src/engine/ports.js";
import { SimDisk } from "../../../src/sim/disk/disk.js";
import type { DiskOptions } from "../../../src/sim/disk/disk-options.js";
import type { FaultOptions } from "../../../src/sim/faults.js";
import { NO_FAULTS } from "../../../src/sim/faults.js";
import { DEFAULT_WORLD, World, type RunOutcome } from "../../../src/sim/world.js";
import type { DurabilityOptions } from "../../../src/engine/durability/durability-options.js";
import { openDurability, type OpenedDurability } from "../../../src/engine/durability/open-durability.js";
import { recover, type RecoveredState } from "../../../src/engine/durability/recovery.js";
import { runCheckpointer } from "../../../src/engine/durability/checkpointer.js";

export const DIR = "db";

export interface SimWorld {
  readonly world: World;
  disk(): SimDisk;
}

export function makeWorld(seed: bigint, disk: Partial<DiskOptions> = {}, faults: Partial<FaultOptions> = {}, traceSteps = false): SimWorld {
  let d: SimDisk | undefined;
  const world = new World({
    ...DEFAULT_WORLD,
    seed,
    traceSteps,
    faults: { ...NO_FAULTS, ...faults },
    disk: (rng, clock) => (d = new SimDisk(disk, rng, clock)),
  });
  return { world, disk: () => d! };
}

/** Runs `body` in a fresh process's single thread to the end of the run; returns its result. */
export function runAlone<T>(w: World, name: string, body: (p: Ports) => Gen<T>): { value: T | undefined; out: RunOutcome } {
  const pid = w.spawnProcess(name, { crashable: false });
  let value: T | undefined;
  w.spawnThread(pid, name, function* (p) {
    value = yield* body(p);
  });
  const out = w.run();
  return { value, out };
}

export function openIn(w: World, options: Partial<DurabilityOptions> = {}): OpenedDurability {
  const { value, out } = runAlone(w, "open", (p) => openDurability(p, { dir: DIR, ...options }));
  if (value === undefined) throw new Error(`open did not finish: ${out.end} ${JSON.stringify(out.violations)}`);
  return value;
}

export function recoverIn(w: World, bugs: ReadonlySet<string> = new Set()): RecoveredState {
  const { value, out } = runAlone(w, "recover", (p) => recover(p, DIR, { bugs }));
  if (value === undefined) throw new Error(`recover did not finish: ${out.end} ${JSON.stringify(out.violations)}`);
  return value;
}

/** A transaction of the workload: unique keys and values, so presence is evidence. */
export interface TxnPlan {
  readonly txnId: number;
  readonly writes: { key: string; value: string }[];
}

export function plan(thread: number, i: number, width: number, generation = 0): TxnPlan {
  const txnId = generation * 10_000_000 + thread * 100_000 + i + 1;
  const writes = [];
  for (let k = 0; k < width; k++) writes.push({ key: `g${generation}t${thread}-${i}-${k}`, value: `v${txnId}-${k}` });
  return { txnId, writes };
}

export interface Outcomes {
  readonly acked: TxnPlan[];
  readonly failed: { plan: TxnPlan; error: string }[];
  readonly attempted: TxnPlan[];
}

export function newOutcomes(): Outcomes {
  return { acked: [], failed: [], attempted: [] };
}

/**
 * Every acknowledged txn is wholly present; every txn is all or nothing; no
 * value appears that no attempted txn wrote. Returns the problems found.
 */
export function durabilityProblems(o: Outcomes, r: RecoveredState): string[] {
  const problems: string[] = [];
  const written = new Map<string, string>();
  for (const t of o.attempted) for (const w of t.writes) written.set(w.key, w.value);
  for (const [k, v] of r.state) if (written.get(k) !== v.value) problems.push(`${k}=${v.value} was never written`);
  for (const t of o.attempted) {
    const present = t.writes.filter((w) => r.state.get(w.key)?.value === w.value).length;
    if (present !== 0 && present !== t.writes.length) problems.push(`txn ${t.txnId}: ${present}/${t.writes.length} writes present`);
  }
  for (const t of o.acked) {
    if (!t.writes.every((w) => r.state.get(w.key)?.value === w.value)) problems.push(`acknowledged txn ${t.txnId} lost`);
  }
  return problems;
}

export interface WorkloadSpec {
  readonly threads: number;
  readonly txnsPerThread: number;
  readonly width: number;
  /** Spawn the checkpointer daemon (in its own process). */
  readonly checkpointer?: boolean;
  /** Distinguishes the keys and txn ids of several workloads on one disk. */
  readonly generation?: number;
}

/**
 * Spawns committer threads (one process) and, if asked, the checkpointer daemon
 * (another process); records what was acknowledged and what failed. Does not run.
 */
export function spawnWorkload(w: World, opened: OpenedDurability, spec: WorkloadSpec, o: Outcomes = newOutcomes()): Outcomes {
  const pid = w.spawnProcess("clients");
  for (let t = 0; t < spec.threads; t++) {
    w.spawnThread(pid, `c${t}`, function* (p) {
      for (let i = 0; i < spec.txnsPerThread; i++) {
        const tx = plan(t, i, spec.width, spec.generation);
        o.attempted.push(tx);
        try {
          yield* opened.log.logCommit(p, tx.txnId, tx.txnId, tx.writes);
          o.acked.push(tx);
        } catch (e) {
          o.failed.push({ plan: tx, error: e instanceof Error ? e.name : String(e) });
        }
      }
    });
  }
  if (spec.checkpointer) {
    const cp = w.spawnProcess("checkpointer");
    w.spawnThread(cp, "ckpt", (p) => runCheckpointer(p, opened.log), { daemon: true });
  }
  return o;
}
