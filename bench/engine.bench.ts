// Engine figures: the cost of one real-world port operation, engine operations
// per second driven directly on one thread with the real ports (the bare cost),
// the same workload under the simulator (the overhead ratio, and scheduler
// steps per engine op), and real-thread throughput with 1 and 2 workers.
// Ratios are measured in one run, on one machine. This module is also the
// workers' registry (`bodies`) for the real-thread figures.
import { openEngine, type Engine } from "../src/engine/engine.js";
import { ConflictError } from "../src/engine/errors.js";
import type { Gen, Ports } from "../src/engine/ports.js";
import { Coordinator } from "../src/real/coordinator.js";
import { RealMemory } from "../src/real/real-memory.js";
import { realPorts, setAlive } from "../src/real/real-ports.js";
import { createShared, layoutFor, type LayoutOptions } from "../src/real/shared-layout.js";
import { drive, noFiles, type WorkerBody } from "../src/real/worker-context.js";
import { NO_FAULTS } from "../src/sim/faults.js";
import { Rng } from "../src/sim/rng.js";
import { DEFAULT_WORLD, World } from "../src/sim/world.js";
import { median } from "./baseline.bench.js";
import { envInt } from "./env-knobs.js";

const KEYS = 64;
const OPS = 20_000;
const ENGINE = { readerSlots: 64, txnSlots: 64, hazardRecords: 64, keysMax: 4096, valueSegments: 256 };
const LAYOUT: LayoutOptions = { words: 1 << 22, reservedWords: 64, maxPids: 8, maxWorkers: 4, logWordsPerWorker: 0 };
/** The go word: workers spin-wait on it so that their start-up is not timed. */
const GO = 63;

/** The workload: 50% txns (2 reads + 2 writes), 25% single gets, 25% single puts. Returns conflicts. */
function* workload(engine: Engine, p: Ports, rng: Rng, ops: number): Gen<number> {
  let conflicts = 0;
  for (let i = 0; i < ops; i++) {
    const k = `k${rng.int(KEYS)}`;
    const pick = rng.int(4);
    if (pick === 0) yield* engine.get(p, k);
    else if (pick === 1) yield* engine.put(p, k, `v${i}`);
    else {
      const t = yield* engine.begin(p);
      try {
        yield* t.get(p, k);
        yield* t.get(p, `k${rng.int(KEYS)}`);
        yield* t.put(p, k, `t${i}`);
        yield* t.put(p, `k${rng.int(KEYS)}`, `u${i}`);
        yield* t.commit(p);
      } catch (e) {
        if (!(e instanceof ConflictError)) throw e;
        conflicts++;
        yield* t.abort(p);
      }
    }
  }
  return conflicts;
}

function ms(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** One thread, real ports, no scheduler: the bare cost. */
function direct(ops: number): number {
  const layout = layoutFor(LAYOUT);
  const buffer = createShared(layout);
  setAlive(buffer, layout, 1, true);
  const p = realPorts({ buffer, layout, pid: 1, tid: 1, files: noFiles() });
  return ms(() => {
    const engine = drive(openEngine(p, ENGINE));
    drive(workload(engine, p, new Rng(1n), ops));
  });
}

/** The same workload on one simulated thread, random strategy. */
function simulated(ops: number): { ms: number; steps: number } {
  const w = new World({ ...DEFAULT_WORLD, seed: 1n, stepBudgetMax: 1e9, faults: NO_FAULTS, arena: { words: 1 << 22, reservedWords: 64, quarantineWords: 1 << 14 } });
  const pid = w.spawnProcess("bench");
  w.spawnThread(pid, "client", function* (p) {
    const engine = yield* openEngine(p, ENGINE);
    return yield* workload(engine, p, new Rng(1n), ops);
  });
  let steps = 0;
  const t = ms(() => {
    const out = w.run();
    if (out.verdict !== "ok") throw new Error(`bench: simulated run ended ${out.end}: ${out.violations[0]?.explanation ?? ""}`);
    steps = out.steps;
  });
  return { ms: t, steps };
}

interface ThreadResult {
  readonly ms: number;
  readonly conflicts: number;
}

export const bodies: Record<string, WorkerBody> = {
  engineWorkload: ({ ports, mem, init }): ThreadResult => {
    const { ops, seed } = init.args as { ops: number; seed: number };
    const engine = drive(openEngine(ports, ENGINE));
    Atomics.add(mem.i32, GO - 1, 1);
    while (Atomics.load(mem.i32, GO) === 0) Atomics.wait(mem.i32, GO, 0, 1);
    const t0 = process.hrtime.bigint();
    const conflicts = drive(workload(engine, ports, new Rng(BigInt(seed)), ops));
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, conflicts };
  },
};

/** `workers` real threads each running `ops` ops; the clock starts when all are ready. */
async function threads(workers: number, ops: number): Promise<{ ms: number; conflicts: number }> {
  const c = new Coordinator({ layout: LAYOUT, module: new URL(import.meta.url) });
  setAlive(c.buffer, c.layout, 1, true);
  drive(openEngine(realPorts({ buffer: c.buffer, layout: c.layout, pid: 1, tid: 100, files: noFiles() }), ENGINE));
  c.start(Array.from({ length: workers }, (_, i) => ({ pid: i + 2, body: "engineWorkload", args: { ops, seed: i + 1 } })));
  while (Atomics.load(c.i32, GO - 1) < workers) await new Promise((r) => setTimeout(r, 5));
  const t0 = process.hrtime.bigint();
  Atomics.store(c.i32, GO, 1);
  Atomics.notify(c.i32, GO);
  const out = await c.outcomes();
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const bad = out.find((o) => o.status !== "done");
  if (bad) throw new Error(`bench: worker ${bad.worker} ${bad.status}: ${bad.error ?? ""}`);
  return { ms: wall, conflicts: out.reduce((n, o) => n + (o.result as ThreadResult).conflicts, 0) };
}

/** ns per port op: raw Atomics, RealMemory through yield*, and (for comparison) a reused done-iterator. */
function portCost(): { raw: number; port: number } {
  const layout = layoutFor({ ...LAYOUT, words: 1024 });
  const mem = new RealMemory(createShared(layout), layout);
  const i32 = mem.i32;
  const n = 2_000_000;
  const raw = (): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += Atomics.load(i32, i & 63) + Atomics.add(i32, 64, 1);
    return s;
  };
  function* viaPort(): Gen<number> {
    let s = 0;
    for (let i = 0; i < n; i++) s += (yield* mem.load(i & 63)) + (yield* mem.add(64, 1));
    return s;
  }
  raw();
  drive(viaPort());
  return { raw: (ms(raw) * 1e6) / (2 * n), port: (ms(() => drive(viaPort())) * 1e6) / (2 * n) };
}

export async function benchEngine(log: (line: string) => void): Promise<void> {
  const cost = portCost();
  log(`port op: raw Atomics ${cost.raw.toFixed(1)} ns, RealMemory via yield* ${cost.port.toFixed(1)} ns (${(cost.port / cost.raw).toFixed(1)}x)`);
  direct(OPS / 4); // warm up the JIT on both paths
  simulated(OPS / 4);
  // Alternating rounds, medians: a busy machine slows both sides alike within a round.
  const rounds = envInt("MVSIM_ENGINE_ROUNDS", 5, 1);
  const ds: number[] = [];
  const ss: number[] = [];
  const ratios: number[] = [];
  let steps = 0;
  for (let r = 0; r < rounds; r++) {
    const d = direct(OPS);
    const s = simulated(OPS);
    ds.push(d);
    ss.push(s.ms);
    ratios.push(s.ms / d);
    steps = s.steps;
  }
  const d = median(ds);
  const s = median(ss);
  log(`engine: ${OPS} ops (50% txns of 2 reads + 2 writes, 25% get, 25% put) on ${KEYS} keys, one thread; medians of ${rounds} alternating rounds (MVSIM_ENGINE_ROUNDS)`);
  log(`  direct, real ports      ${rate(OPS, d)} ops/s   (${d.toFixed(0)} ms, ${((d * 1000) / OPS).toFixed(1)} us/op)`);
  log(`  simulator, random       ${rate(OPS, s)} ops/s   (${s.toFixed(0)} ms, ${((s * 1000) / OPS).toFixed(1)} us/op; ${(steps / OPS).toFixed(1)} steps/op, ${rate(steps, s)} steps/s)`);
  log(`  ratio simulator / direct: ${median(ratios).toFixed(2)}x (median of the rounds' ratios; goal <= 3x)`);
  if (process.env.MVSIM_ENGINE_THREADS === "0") return;
  const one = await threads(1, OPS);
  const two = await threads(2, OPS);
  log(`real threads (each ${OPS} ops, wall clock from a common start)`);
  log(`  1 worker                ${rate(OPS, one.ms)} ops/s   (${one.ms.toFixed(0)} ms, ${one.conflicts} conflicts)`);
  log(`  2 workers               ${rate(2 * OPS, two.ms)} ops/s   (${two.ms.toFixed(0)} ms, ${two.conflicts} conflicts)`);
  log(`  ratio 2 workers / 1 worker throughput: ${((2 * OPS) / two.ms / (OPS / one.ms)).toFixed(2)}x`);
}

function rate(n: number, ms: number): string {
  const v = n / (Math.max(ms, 1e-3) / 1000);
  return v >= 1e6 ? `${(v / 1e6).toFixed(2)}M` : `${(v / 1e3).toFixed(1)}k`;
}
