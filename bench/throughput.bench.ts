// Seeds per second of every shipped scenario (as shipped, bug switches on) on
// one worker thread and on all cores, both through the worker pool `mvsim gate
// --workers N` uses, measured back to back in this run; the ratio is the speed-up.
// Knob (env): MVSIM_THROUGHPUT_SEEDS, seeds per scenario and mode (default 100).
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { shippedScenarioPaths } from "../src/cli/scenario-args.js";
import type { SeedResult } from "../src/harness/run-result.js";
import { loadScenario } from "../src/harness/scenario.js";
import type { SeedJob } from "../src/harness/seed-job.js";
import { derivedSeed } from "../src/harness/seeds.js";
import { mapInWorkers } from "../src/harness/worker-pool.js";
import { envInt } from "./env-knobs.js";


// The compiled bench lives in dist/bench/, the worker in dist/src/harness/.
const WORKER = new URL("../src/harness/seed-worker.js", import.meta.url);

/** Wall ms to run `jobs` on `workers` threads, worker start-up included. */
async function timed(jobs: readonly SeedJob[], workers: number): Promise<number> {
  const t0 = performance.now();
  await mapInWorkers<SeedJob, SeedResult>(WORKER, jobs, { workers });
  return performance.now() - t0;
}

const rate = (seeds: number, ms: number): string => (seeds / (ms / 1000)).toFixed(1);

export async function benchThroughput(log: (line: string) => void): Promise<void> {
  const seeds = envInt("MVSIM_THROUGHPUT_SEEDS", 100, 1);
  const cores = availableParallelism();
  log(`${seeds} seeds per scenario and mode (MVSIM_THROUGHPUT_SEEDS): derivedSeed(gate.masterSeed, 0..${seeds - 1}), bug scenarios with their switches on.`);
  log(`1 worker vs ${cores} workers (os.availableParallelism()), each through the worker pool, worker start-up included;`);
  log(`the two runs of a scenario are back to back. Load average at start: ${loadavg().map((x) => x.toFixed(2)).join(" ")} (a shared machine skews the ratio).`);
  log("");
  log(`| scenario | seeds/s, 1 worker | seeds/s, ${cores} workers | ratio |`);
  log("|---|---|---|---|");
  let ms1 = 0;
  let msN = 0;
  let total = 0;
  for (const file of shippedScenarioPaths()) {
    const loaded = await loadScenario(file);
    if (!loaded.ok) throw new Error(loaded.error);
    const s = loaded.scenario;
    const jobs: SeedJob[] = Array.from({ length: seeds }, (_, index) => ({ file, index, seed: derivedSeed(s.gate.masterSeed, index).toString(10), extraBugs: [] }));
    process.stderr.write(`throughput ${s.name}\n`);
    const one = await timed(jobs, 1);
    const all = await timed(jobs, cores);
    ms1 += one;
    msN += all;
    total += seeds;
    log(`| ${s.name} | ${rate(seeds, one)} | ${rate(seeds, all)} | ${(one / all).toFixed(2)} |`);
  }
  log(`| all (${total} seeds) | ${rate(total, ms1)} | ${rate(total, msN)} | ${(ms1 / msN).toFixed(2)} |`);
}
