// Seeds per second of every shipped scenario (as shipped, bug switches on) on
// one worker thread and on two, through the worker pool `mvsim gate --workers N`
// uses, one pool over all seeds as the gate does; and where the
// pool's time goes: worker start (module loading), the per-job message round
// trip, scenario loading (once per worker: the job cache), against the time of
// a seed. A pure CPU loop on 1 and 2 workers gives what the machine itself
// allows right now, so a poor ratio can be told apart from a poor pool.
// Knobs (env): MVSIM_THROUGHPUT_SEEDS, seeds per scenario and mode (default 100);
// MVSIM_THROUGHPUT_ROUNDS, alternating 1- and 2-worker rounds (default 1).
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { shippedScenarioPaths } from "../src/cli/scenario-args.js";
import type { SeedResult } from "../src/harness/run-result.js";
import { loadScenario } from "../src/harness/scenario.js";
import type { SeedJob } from "../src/harness/seed-job.js";
import { derivedSeed } from "../src/harness/seeds.js";
import { mapInWorkers } from "../src/harness/worker-pool.js";
import { median } from "./baseline.bench.js";
import { envInt } from "./env-knobs.js";

// The compiled bench lives in dist/bench/, the worker in dist/src/harness/.
const WORKER = new URL("../src/harness/seed-worker.js", import.meta.url);

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const rate = (seeds: number, ms: number): string => (seeds / (ms / 1000)).toFixed(1);

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

async function poolCosts(log: (line: string) => void): Promise<void> {
  const starts: number[] = [];
  for (let i = 0; i < 3; i++) starts.push(await timed(() => mapInWorkers<null, null>(WORKER, [null], { workers: 1 })));
  const start = median(starts);
  const n = 2000;
  const many = await timed(() => mapInWorkers<null, null>(WORKER, new Array<null>(n).fill(null), { workers: 1 }));
  const loads: string[] = [];
  for (const file of shippedScenarioPaths().slice(0, 3)) {
    await loadScenario(file);
    const ms = median(await Promise.all([0, 1, 2].map(() => timed(() => loadScenario(file)))));
    loads.push(`${file.split("/").pop()} ${ms.toFixed(2)} ms`);
  }
  log(`pool costs: worker start to first reply (module loading) ${start.toFixed(0)} ms (median of 3), once per worker per run;`);
  log(`  job message round trip ${(((many - start) * 1000) / n).toFixed(0)} us per job (${n} empty jobs on one worker), per seed;`);
  log(`  scenario loading ${loads.join(", ")}: once per worker (the job cache), not per seed.`);
}

export async function benchThroughput(log: (line: string) => void): Promise<void> {
  const seeds = envInt("MVSIM_THROUGHPUT_SEEDS", 100, 1);
  const cores = availableParallelism();
  log(`${seeds} seeds per scenario and mode (MVSIM_THROUGHPUT_SEEDS): derivedSeed(gate.masterSeed, 0..${seeds - 1}), bug scenarios with their switches on.`);
  log(`1 worker vs 2 workers through the worker pool, worker start-up included; ${cores} cores (os.availableParallelism()).`);
  log(`Load average at start: ${loadavg().map((x) => x.toFixed(2)).join(" ")} (a shared machine skews the ratio).`);
  await spin(1, 1);
  const spin1 = await spin(1, 2);
  const spin2 = await spin(2, 2);
  log(`machine: the same CPU loop (2 units) on 1 worker ${spin1.toFixed(0)} ms, on 2 workers ${spin2.toFixed(0)} ms: ratio ${(spin1 / spin2).toFixed(2)}x is what 2 workers can gain now.`);
  await poolCosts(log);
  // One pool over every scenario's seeds, as `mvsim gate` does: worker start is paid once per run.
  const jobs: SeedJob[] = [];
  for (const file of shippedScenarioPaths()) {
    const loaded = await loadScenario(file);
    if (!loaded.ok) throw new Error(loaded.error);
    const s = loaded.scenario;
    for (let index = 0; index < seeds; index++) jobs.push({ file, index, seed: derivedSeed(s.gate.masterSeed, index).toString(10), extraBugs: [] });
  }
  const rounds = envInt("MVSIM_THROUGHPUT_ROUNDS", 1, 1);
  const ones: number[] = [];
  const twos: number[] = [];
  let results: SeedResult[] = [];
  for (let r = 0; r < rounds; r++) {
    ones.push(await timed(async () => (results = await mapInWorkers<SeedJob, SeedResult>(WORKER, jobs, { workers: 1 }))));
    twos.push(await timed(() => mapInWorkers<SeedJob, SeedResult>(WORKER, jobs, { workers: 2 })));
  }
  const one = median(ones);
  const two = median(twos);
  log("");
  log(`all ${jobs.length} seeds in one pool (as the gate), medians of ${rounds} alternating rounds (MVSIM_THROUGHPUT_ROUNDS):`);
  log(`  1 worker ${rate(jobs.length, one)} seeds/s, 2 workers ${rate(jobs.length, two)} seeds/s: ratio ${(one / two).toFixed(2)}x`);
  log("");
  log("| scenario | ms per seed (1 worker, inside the worker) |");
  log("|---|---|");
  const byScenario = new Map<string, number[]>();
  for (const r of results) {
    const list = byScenario.get(r.scenario) ?? [];
    list.push(r.durationWallMs ?? 0);
    byScenario.set(r.scenario, list);
  }
  for (const [name, ms] of byScenario) log(`| ${name} | ${median(ms).toFixed(1)} |`);
}
