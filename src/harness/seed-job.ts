// One seed as a job that can cross a worker boundary: plain data in, a
// SeedResult out. Scenarios are loaded by file in whichever thread runs the
// job (and cached there), since a worker cannot receive a parsed one.
import type { HistoryShipping } from "./history-shipping.js";
import { seedResult, type SeedResult } from "./run-result.js";
import { loadScenario, type Scenario } from "./scenario.js";
import { runSeed, seedOutcomeOf } from "./run-seed.js";
import { loadScenarioTarget } from "./target-loader.js";
import { threadCpuNs } from "./thread-cpu.js";

export interface SeedJob {
  readonly file: string;
  readonly index: number;
  /** Decimal. */
  readonly seed: string;
  readonly extraBugs: readonly string[];
  readonly strategy?: string;
}

const cache = new Map<string, Scenario>();
const loading = { scenarios: 0, cpuNs: 0 };

/** Whether `s` is a scenario this thread loaded from its file (not a swarm seed's drawn one). */
export function isLoadedScenario(s: Scenario): boolean {
  return cache.get(s.file) === s;
}

/** Scenarios this thread loaded and the CPU that took (the throughput bench's breakdown). */
export function scenarioLoading(): { readonly scenarios: number; readonly cpuNs: number } {
  return { ...loading };
}

/** A worker's job: the scenario loaded once, the result trimmed by `shipping` (its history left behind unless a report keeps it). */
export async function runSeedJob(job: SeedJob, shipping?: HistoryShipping): Promise<SeedResult> {
  let scenario = cache.get(job.file);
  if (!scenario) {
    const c0 = threadCpuNs() ?? 0;
    const loaded = await loadScenario(job.file);
    if (!loaded.ok) throw new Error(loaded.error);
    scenario = loaded.scenario;
    // A worker loads the scenario's target module itself (it cannot receive one).
    const targetError = await loadScenarioTarget(scenario);
    if (targetError) throw new Error(targetError);
    cache.set(job.file, scenario);
    loading.scenarios++;
    loading.cpuNs += (threadCpuNs() ?? 0) - c0;
  }
  const r = runScenarioSeed(scenario, job);
  return shipping ? shipping.ship(job.file, scenario.expect, r) : r;
}

export function runScenarioSeed(scenario: Scenario, job: SeedJob): SeedResult {
  const seed = BigInt(job.seed);
  const t0 = performance.now();
  const r = runSeed({ scenario, seed, extraBugs: job.extraBugs, ...(job.strategy ? { strategy: job.strategy } : {}) });
  if (typeof r === "string") throw new Error(r);
  const pctK = r.stats.pctMaxSteps;
  const ref = { scenario: job.file, seed, extraBugs: job.extraBugs, ...(job.strategy ? { strategy: job.strategy } : {}), ...(pctK !== undefined ? { pctK } : {}) };
  return seedResult(scenario.name, job.index, ref, seedOutcomeOf(r, performance.now() - t0));
}
