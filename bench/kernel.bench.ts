// Kernel figures: scheduler steps per second on a no-op workload, and the cost
// of driving the same generators through the scheduler vs. directly.
// Then small programs through a whole World (construction included) against
// the bare Scheduler, medians of alternating rounds.
// Ratios are measured in one run, on one machine, so they compare like with like.
import type { Gen, Ports, Step } from "../src/engine/ports.js";
import { SimClock } from "../src/sim/clock.js";
import { NO_FAULTS } from "../src/sim/faults.js";
import { Rng } from "../src/sim/rng.js";
import { Scheduler } from "../src/sim/scheduler.js";
import { randomStrategy } from "../src/sim/strategies/random.js";
import { DEFAULT_WORLD, World } from "../src/sim/world.js";
import { median } from "./baseline.bench.js";
import { envInt } from "./env-knobs.js";

const THREADS = 4;
const OPS_PER_THREAD = envInt("MVSIM_KERNEL_STEPS", 250_000, 1);
type PointSched = Pick<Ports["sched"], "point">;

function* noop(sched: PointSched, n: number): Gen<void> {
  for (let i = 0; i < n; i++) yield* sched.point("noop");
}

const yielding: PointSched = {
  *point(label: string): Gen<void> {
    yield { kind: "point", label };
  },
};
const nonYielding: PointSched = {
  *point(_label: string): Gen<void> {},
};

function timed(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** The scheduler: strategy pick, fault hook, hash and clock per step. */
function scheduled(): number {
  const w = new World({ ...DEFAULT_WORLD, seed: 1n, stepBudgetMax: THREADS * OPS_PER_THREAD + 1, faults: NO_FAULTS });
  const pid = w.spawnProcess("bench");
  for (let t = 0; t < THREADS; t++) w.spawnThread(pid, `t${t}`, (p) => noop(p.sched, OPS_PER_THREAD));
  return timed(() => w.run());
}

/** The same yielding generators, resumed round-robin by a bare loop. */
function bareLoop(): number {
  return timed(() => {
    const gens: Generator<Step, void, unknown>[] = [];
    for (let t = 0; t < THREADS; t++) gens.push(noop(yielding, OPS_PER_THREAD));
    let live = gens.length;
    while (live > 0) for (const g of gens) if (g.next().done) live--;
  });
}

/** The real-world calling convention: port generators that never yield. */
function realConvention(): number {
  return timed(() => {
    for (let t = 0; t < THREADS; t++) noop(nonYielding, OPS_PER_THREAD).next();
  });
}

export async function benchKernel(log: (line: string) => void): Promise<void> {
  scheduled(); // warm up the JIT on every path
  bareLoop();
  realConvention();
  const ops = THREADS * OPS_PER_THREAD;
  const s = scheduled();
  const b = bareLoop();
  const r = realConvention();
  log(`kernel: ${THREADS} threads x ${OPS_PER_THREAD} no-op steps (${ops} in all)`);
  log(`  scheduler               ${rate(ops, s)} steps/s   (${s.toFixed(0)} ms)`);
  log(`  bare resume loop        ${rate(ops, b)} steps/s   (${b.toFixed(0)} ms; same yielding generators, no scheduler)`);
  log(`  non-yielding ports      ${rate(ops, r)} ops/s     (${r.toFixed(0)} ms; the src/real calling convention)`);
  log(`  ratio scheduler / bare loop:          ${(s / b).toFixed(1)}x`);
  log(`  ratio scheduler / non-yielding ports: ${(s / r).toFixed(1)}x`);
  programs(log, envInt("MVSIM_KERNEL_RUNS_LONG", 20, 1), 8, 1000, "goal >= 0.50");
  programs(log, envInt("MVSIM_KERNEL_RUNS_SHORT", 2000, 1), 4, 10, "goal: World >= 100k decisions/s");
}

/** `runs` programs of `threads` x `steps` no-op steps, each on a fresh bare Scheduler. */
function bareScheduler(runs: number, threads: number, steps: number): number {
  return timed(() => {
    for (let r = 0; r < runs; r++) {
      const s = new Scheduler({ strategy: randomStrategy(new Rng(BigInt(r))), stepBudgetMax: 1e9, stepUs: 1 }, new SimClock());
      for (let t = 0; t < threads; t++) s.spawn(0, `t${t}`, () => noop(yielding, steps));
      s.run();
    }
  });
}

/** The same programs, each in a fresh World with the default options (arena, disk, hash, faults hook). */
function worldRuns(runs: number, threads: number, steps: number): number {
  return timed(() => {
    for (let r = 0; r < runs; r++) {
      const w = new World({ ...DEFAULT_WORLD, seed: BigInt(r) });
      const pid = w.spawnProcess("bench");
      for (let t = 0; t < threads; t++) w.spawnThread(pid, `t${t}`, (p) => noop(p.sched, steps));
      w.run();
    }
  });
}

function programs(log: (line: string) => void, runs: number, threads: number, steps: number, goal: string): void {
  const rounds = envInt("MVSIM_KERNEL_ROUNDS", 5, 1);
  bareScheduler(Math.max(1, runs >> 3), threads, steps);
  worldRuns(Math.max(1, runs >> 3), threads, steps);
  const bs: number[] = [];
  const ws: number[] = [];
  for (let r = 0; r < rounds; r++) {
    bs.push(bareScheduler(runs, threads, steps));
    ws.push(worldRuns(runs, threads, steps));
  }
  const decisions = runs * threads * steps;
  const b = median(bs);
  const w = median(ws);
  log(`programs of ${threads} threads x ${steps} steps, ${runs} runs, medians of ${rounds} alternating rounds (MVSIM_KERNEL_ROUNDS)`);
  log(`  bare Scheduler          ${rate(decisions, b)} decisions/s`);
  log(`  World (default options) ${rate(decisions, w)} decisions/s   (${((w * 1000) / runs).toFixed(1)} us per run, construction included)`);
  log(`  ratio World / bare Scheduler decisions/s: ${(b / w).toFixed(2)} (${goal})`);
}

function rate(n: number, ms: number): string {
  const v = n / (Math.max(ms, 1e-3) / 1000);
  return v >= 1e6 ? `${(v / 1e6).toFixed(2)}M` : `${(v / 1e3).toFixed(1)}k`;
}
