// Seeds per second of every shipped scenario (as shipped, bug switches on) on
// one worker thread and on two, through the worker pool `mvsim gate --workers N`
// uses, one pool over all seeds as the gate does; and where the pool's time
// goes in thread CPU (load-independent): main thread, worker start, running
// seeds, scenario loading, PCT calibration, posting results, idle. A pure CPU
// loop on 1 and 2 workers gives what the machine itself allows right now.
// Knobs (env): MVSIM_THROUGHPUT_SEEDS, seeds per scenario (default 100);
// MVSIM_THROUGHPUT_ROUNDS, alternating 1- and 2-worker rounds (default 1);
// MVSIM_THROUGHPUT_BATCH, the pool's largest batch of seeds per message (default the pool's).
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { shippedScenarioPaths } from "../src/cli/scenario-args.js";
import type { WorkerStats } from "../src/harness/pool-worker.js";
import type { SeedResult } from "../src/harness/run-result.js";
import { loadScenario } from "../src/harness/scenario.js";
import type { SeedJob } from "../src/harness/seed-job.js";
import { derivedSeed } from "../src/harness/seeds.js";
import { calibrationTable, type CalibrationTableData } from "../src/harness/shared-calibration.js";
import { threadCpuNs } from "../src/harness/thread-cpu.js";
import { mapInWorkers, type PoolStats } from "../src/harness/worker-pool.js";
import { median } from "./baseline.bench.js";
import { envInt } from "./env-knobs.js";

// The compiled bench lives in dist/bench/, the worker in dist/src/harness/.
const WORKER = new URL("../src/harness/seed-worker.js", import.meta.url);

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** A fixed CPU loop on `workers` threads, `units` loops in all: wall ms. */
async function spin(workers: number, units: number): Promise<number> {
  const code = `const { parentPort, workerData } = require("node:worker_threads");
    let x = 0; for (let u = 0; u < workerData; u++) for (let i = 0; i < 5e7; i++) x = (x * 31 + i) | 0;
    parentPort.postMessage(x);`;
  return timed(() =>
    Promise.all(
      Array.from({ length: workers }, () => new Promise((resolve, reject) => {
        const w = new Worker(code, { eval: true, workerData: units / workers });
        w.once("message", (m) => void w.terminate().then(() => resolve(m)));
        w.once("error", reject);
      })),
    ),
  );
}

interface Round {
  readonly wallMs: number;
  readonly stats: PoolStats;
}

async function poolRound(jobs: readonly SeedJob[], workers: number, batch: number | undefined, keep?: (r: SeedResult[]) => void, calibrations?: CalibrationTableData): Promise<Round> {
  let stats: PoolStats | undefined;
  const t0 = performance.now();
  const results = await mapInWorkers<SeedJob, SeedResult>(WORKER, jobs, {
    workers,
    // As runScenarios: PCT's k calibrated once per run, not once per worker.
    workerData: { calibrations: calibrations ?? calibrationTable(shippedScenarioPaths(), []) },
    ...(batch !== undefined ? { jobsPerMessageMax: batch } : {}),
    onStats: (s) => (stats = s),
  });
  const wallMs = performance.now() - t0;
  keep?.(results);
  if (!stats) throw new Error("the pool gave no stats");
  return { wallMs, stats };
}

const sum = (ws: readonly WorkerStats[], f: (w: WorkerStats) => number): number => ws.reduce((a, w) => a + f(w), 0);
const counter = (w: WorkerStats, name: string): number => w.counters[name] ?? 0;

/** One figure per round, then the median over rounds. */
function fig(rounds: readonly Round[], f: (s: PoolStats) => number): number {
  return median(rounds.map((r) => f(r.stats)));
}

function breakdown(log: (line: string) => void, one: readonly Round[], two: readonly Round[]): void {
  const us = (ns: number): string => `${(ns / 1000).toFixed(0)} us`;
  const ms = (ns: number): string => `${(ns / 1e6).toFixed(1)} ms`;
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  const row = (label: string, f: (s: PoolStats) => number, show: (x: number) => string): void =>
    log(`| ${label} | ${show(fig(one, f))} | ${show(fig(two, f))} |`);
  const perSeed = (f: (w: WorkerStats) => number) => (s: PoolStats): number => sum(s.workers, f) / s.jobs;
  const perWorker = (f: (w: WorkerStats) => number) => (s: PoolStats): number => sum(s.workers, f) / s.workers.length;
  const load = (w: WorkerStats): number => counter(w, "scenarioLoadCpuNs");
  const other = (w: WorkerStats): number => w.totalCpuNs - w.startCpuNs - w.jobCpuNs - w.postCpuNs;
  const allCpu = (s: PoolStats): number => s.mainCpuNs + sum(s.workers, (w) => w.totalCpuNs);
  // With a core per worker a run takes as long as its busiest worker's CPU.
  const freeCores = (s: PoolStats): number => s.jobs / (Math.max(...s.workers.map((w) => w.totalCpuNs)) / 1e9);
  log("");
  log("where the pool's time goes, in thread CPU (/proc/thread-self/schedstat: time on a core, not time waiting for one), medians over rounds:");
  log("| figure | 1 worker | 2 workers |");
  log("|---|---|---|");
  row("main thread CPU per seed (spawn, post batches, read results)", (s) => s.mainCpuNs / s.jobs, us);
  row("worker CPU per seed, all of it", perSeed((w) => w.totalCpuNs), us);
  row("  running seeds (simulate + checkers, in the worker)", perSeed((w) => w.jobCpuNs - load(w)), us);
  row("  loading scenarios (once per worker and scenario)", perSeed(load), us);
  row("  posting results (structured clone)", perSeed((w) => w.postCpuNs), us);
  row("  worker start (module loading), spread over the seeds", perSeed((w) => w.startCpuNs), us);
  row("  the rest (reading batches, GC between jobs)", perSeed(other), us);
  row("worker start CPU, per worker", perWorker((w) => w.startCpuNs), ms);
  row("scenario loading CPU, per worker", perWorker(load), ms);
  row("PCT calibration runs (3 per pct scenario, shared by the workers)", (s) => sum(s.workers, (w) => counter(w, "pctCalibrationRuns")), (x) => x.toFixed(0));
  row("result bytes per seed (structured clone)", (s) => sum(s.workers, (w) => w.resultBytes) / s.jobs, (x) => `${x.toFixed(0)} B`);
  row("messages (batches of seeds)", (s) => s.messages, (x) => x.toFixed(0));
  row("worker idle share (event loop waiting for a batch)", (s) => sum(s.workers, (w) => w.idleMs) / sum(s.workers, (w) => w.idleMs + w.activeMs), pct);
  row("all threads' CPU per seed", (s) => allCpu(s) / s.jobs, us);
  row("seeds/s with a free core per worker (seeds / busiest worker's CPU)", freeCores, (x) => x.toFixed(1));
  const projected = fig(two, freeCores) / fig(one, freeCores);
  const extra = fig(two, allCpu) / fig(one, allCpu);
  log(`2 workers with free cores would give ${projected.toFixed(2)}x the seeds/s of 1 (from CPU, not wall time); going parallel costs ${pct(extra - 1)} more CPU in all.`);
}

/**
 * Two workers spend more CPU on the same seeds than one. Running the two halves
 * of the jobs on one worker each, one after the other, pays each worker's own
 * warm-up (JIT, inline caches) without the two running at once: the rest of the
 * excess is contention between two busy cores (caches, a shared host).
 */
async function warmUpOrContention(log: (line: string) => void, jobs: readonly SeedJob[], batch: number | undefined, ones: readonly Round[], twos: readonly Round[]): Promise<void> {
  const running = (s: PoolStats): number => sum(s.workers, (w) => w.jobCpuNs - counter(w, "scenarioLoadCpuNs"));
  // Halves as the 2-worker pool deals them: alternate runs of a few seeds, so each half holds every scenario.
  const half = (h: number): SeedJob[] => jobs.filter((_, i) => Math.floor(i / 5) % 2 === h);
  // One calibration table for both halves, as for the two workers of one run.
  const table = calibrationTable(shippedScenarioPaths(), []);
  const a = await poolRound(half(0), 1, batch, undefined, table);
  const b = await poolRound(half(1), 1, batch, undefined, table);
  const one = fig(ones, running);
  const apart = running(a.stats) + running(b.stats);
  const together = fig(twos, running);
  const ms = (ns: number): string => `${(ns / 1e6).toFixed(0)} ms`;
  log(`CPU running the seeds: 1 worker ${ms(one)}; 2 workers one after the other ${ms(apart)} (+${ms(apart - one)}: each worker warms up its own JIT); 2 workers at once ${ms(together)} (+${ms(together - apart)} more: two busy cores slow each other).`);
}

export async function benchThroughput(log: (line: string) => void): Promise<void> {
  const seeds = envInt("MVSIM_THROUGHPUT_SEEDS", 100, 1);
  const rounds = envInt("MVSIM_THROUGHPUT_ROUNDS", 1, 1);
  const batchRaw = process.env.MVSIM_THROUGHPUT_BATCH;
  const batch = batchRaw === undefined || batchRaw === "" ? undefined : envInt("MVSIM_THROUGHPUT_BATCH", 8, 1);
  const cores = availableParallelism();
  log(`${seeds} seeds per scenario and mode (MVSIM_THROUGHPUT_SEEDS): derivedSeed(gate.masterSeed, 0..${seeds - 1}), bug scenarios with their switches on.`);
  log(`1 worker vs 2 workers through the worker pool, worker start-up included; ${cores} cores (os.availableParallelism()); batches of up to ${batch ?? "the pool's default"} seeds (MVSIM_THROUGHPUT_BATCH).`);
  log(`Load average at start: ${loadavg().map((x) => x.toFixed(2)).join(" ")} (a shared machine skews wall-clock ratios; the CPU figures below far less).`);
  if (threadCpuNs() === undefined) log("(no per-thread CPU clock on this platform: the CPU figures read 0)");
  await spin(1, 1);
  const spin1 = await spin(1, 2);
  const spin2 = await spin(2, 2);
  log(`machine: the same CPU loop (2 units) on 1 worker ${spin1.toFixed(0)} ms, on 2 workers ${spin2.toFixed(0)} ms: ratio ${(spin1 / spin2).toFixed(2)}x is what 2 workers can gain now.`);
  // One pool over every scenario's seeds, as `mvsim gate` does: worker start is paid once per run.
  const jobs: SeedJob[] = [];
  for (const file of shippedScenarioPaths()) {
    const loaded = await loadScenario(file);
    if (!loaded.ok) throw new Error(loaded.error);
    const s = loaded.scenario;
    for (let index = 0; index < seeds; index++) jobs.push({ file, index, seed: derivedSeed(s.gate.masterSeed, index).toString(10), extraBugs: [] });
  }
  const ones: Round[] = [];
  const twos: Round[] = [];
  let results: SeedResult[] = [];
  for (let r = 0; r < rounds; r++) {
    ones.push(await poolRound(jobs, 1, batch, (x) => (results = x)));
    twos.push(await poolRound(jobs, 2, batch));
  }
  const rate = (rs: readonly Round[]): number => jobs.length / (median(rs.map((r) => r.wallMs)) / 1000);
  log("");
  log(`all ${jobs.length} seeds in one pool (as the gate), medians of ${rounds} alternating rounds (MVSIM_THROUGHPUT_ROUNDS):`);
  log(`  1 worker ${rate(ones).toFixed(1)} seeds/s, 2 workers ${rate(twos).toFixed(1)} seeds/s: ratio ${(rate(twos) / rate(ones)).toFixed(2)}x (wall clock)`);
  breakdown(log, ones, twos);
  await warmUpOrContention(log, jobs, batch, ones, twos);
  log("");
  log("| scenario | ms per seed (1 worker, wall, inside the worker) |");
  log("|---|---|");
  const byScenario = new Map<string, number[]>();
  for (const r of results) {
    const list = byScenario.get(r.scenario) ?? [];
    list.push(r.durationWallMs ?? 0);
    byScenario.set(r.scenario, list);
  }
  for (const [name, ms] of byScenario) log(`| ${name} | ${median(ms).toFixed(1)} |`);
}
