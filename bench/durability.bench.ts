// Durability benchmark on the simulated disk: commits per simulated second with
// group commit vs. one fsync per commit at a fixed fsync latency (the batching
// ratio), and recovery time (wall ms and simulated steps) against WAL length.
import { performance } from "node:perf_hooks";
import type { Gen, Ports } from "../src/engine/ports.js";
import { SimDisk } from "../src/sim/disk/disk.js";
import { STRICT_DISK, type DiskOptions } from "../src/sim/disk/disk-options.js";
import { NO_FAULTS } from "../src/sim/faults.js";
import { DEFAULT_WORLD, World } from "../src/sim/world.js";
import { openDurability, type OpenedDurability } from "../src/engine/durability/open-durability.js";
import { recover, type RecoveredState } from "../src/engine/durability/recovery.js";
import { encodeTxn } from "../src/engine/durability/wal-record.js";
import { segmentPath } from "../src/engine/durability/wal-segments.js";

const DIR = "db";
const FSYNC_US = 1000;

function world(seed: bigint, disk: Partial<DiskOptions>): { w: World; disk: () => SimDisk } {
  let d: SimDisk | undefined;
  const w = new World({
    ...DEFAULT_WORLD,
    seed,
    stepBudgetMax: 50_000_000,
    faults: NO_FAULTS,
    disk: (rng, clock) => (d = new SimDisk(disk, rng, clock)),
  });
  return { w, disk: () => d! };
}

function runOne<T>(w: World, body: (p: Ports) => Gen<T>): { value: T; steps: number } {
  const pid = w.spawnProcess("bench", { crashable: false });
  let value: T | undefined;
  w.spawnThread(pid, "bench", function* (p) {
    value = yield* body(p);
  });
  const out = w.run();
  if (value === undefined) throw new Error(`bench thread did not finish: ${out.end}`);
  return { value, steps: out.steps };
}

function commitRate(batchCommitsMax: number, threads: number, perThread: number): { perSimSecond: number; fsyncs: number; commits: number } {
  const { w, disk } = world(1n, { ...STRICT_DISK, fsyncLatencyUs: FSYNC_US });
  const opened: OpenedDurability = runOne(w, (p) => openDurability(p, { dir: DIR, dirtyTracking: false, batchCommitsMax })).value;
  const fsyncs0 = disk().counters().fsyncs;
  const t0 = w.clock.monotonicUs();
  const pid = w.spawnProcess("clients");
  let commits = 0;
  for (let t = 0; t < threads; t++) {
    w.spawnThread(pid, `c${t}`, function* (p) {
      for (let i = 0; i < perThread; i++) {
        const id = t * 1_000_000 + i + 1;
        yield* opened.log.logCommit(p, id, id, [{ key: `k${t}-${i}`, value: `v${id}` }]);
        commits++;
      }
    });
  }
  w.run();
  const simUs = w.clock.monotonicUs() - t0;
  return { perSimSecond: commits / (simUs / 1e6), fsyncs: disk().counters().fsyncs - fsyncs0, commits };
}

/** A WAL of `records` single-put txns, written straight to the disk and made durable. */
function recoveryTime(records: number): { wallMs: number; steps: number; recovered: RecoveredState } {
  const { w, disk } = world(2n, STRICT_DISK);
  const d = disk();
  const perSegment = 4096;
  for (let first = 1; first <= records; first += perSegment) {
    const parts: Uint8Array[] = [];
    let n = 0;
    for (let s = first; s < first + perSegment && s <= records; s++) {
      const b = encodeTxn(s, s, s, [{ key: `k${s % 5000}`, value: `value-${s}` }]);
      parts.push(b);
      n += b.length;
    }
    const buf = new Uint8Array(n);
    let at = 0;
    for (const p of parts) (buf.set(p, at), (at += p.length));
    const path = segmentPath(DIR, first);
    d.write(path, 0, buf);
    d.completeFsync(d.beginFsync(path));
  }
  d.fsyncDir(DIR);
  const t0 = performance.now();
  const r = runOne(w, (p) => recover(p, DIR));
  const wallMs = performance.now() - t0;
  if (r.value.lastSeq !== records) throw new Error(`recovered ${r.value.lastSeq} of ${records}`);
  return { wallMs, steps: r.steps, recovered: r.value };
}

export async function benchDurability(log: (line: string) => void): Promise<void> {
  const threads = 32;
  const perThread = 20;
  const group = commitRate(256, threads, perThread);
  const single = commitRate(1, threads, perThread);
  log(`group commit, ${threads} committers x ${perThread}, fsync ${FSYNC_US}us (simulated):`);
  log(`  group commit:        ${group.perSimSecond.toFixed(0)} commits/sim-s, ${group.fsyncs} fsyncs for ${group.commits} commits (${(group.commits / group.fsyncs).toFixed(1)} commits/fsync)`);
  log(`  one fsync per commit: ${single.perSimSecond.toFixed(0)} commits/sim-s, ${single.fsyncs} fsyncs for ${single.commits} commits`);
  log(`  batching ratio (throughput group / single): ${(group.perSimSecond / single.perSimSecond).toFixed(1)}x`);
  log("recovery time vs WAL length (single-put txns, 4096 per segment):");
  for (const n of [1_000, 10_000, 100_000]) {
    const r = recoveryTime(n);
    log(`  ${String(n).padStart(7)} records: ${r.wallMs.toFixed(1)} wall ms, ${r.steps} simulated steps, ${r.recovered.state.size} keys`);
  }
}

// Run alone: `node dist/bench/durability.bench.js`.
if (import.meta.url === `file://${process.argv[1]}`) void benchDurability((l) => console.log(l));
