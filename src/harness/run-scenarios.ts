// Many seeds of many scenarios: the shard's slice of each scenario's seed
// list, run inline or across worker threads, gathered into scenario reports.
// Contract: the reports do not depend on the number of workers. A stop request
// hands out no more seeds: the reports then hold the seeds that finished.
import { scenarioReport } from "./run-summary.js";
import type { Scenario } from "./scenario.js";
import { runScenarioSeed, type SeedJob } from "./seed-job.js";
import { seedList, shardSlice, type SeedPlan, type Shard } from "./seeds.js";
import { Progress, type ProgressSink } from "./progress.js";
import { calibrationTable } from "./shared-calibration.js";
import { mapInWorkers } from "./worker-pool.js";
import type { ScenarioReport, SeedResult } from "./run-result.js";
import { gatherCoverage } from "./coverage-gather.js";
import type { ThreadCoverage } from "./engine-coverage.js";

export interface RunRequest {
  readonly scenarios: readonly Scenario[];
  /** The seeds of each scenario (the gate's, or the command line's). */
  readonly seeds: (s: Scenario) => SeedPlan;
  readonly shard: Shard;
  readonly workers: number;
  readonly extraBugs: readonly string[];
  readonly strategy?: string;
  readonly progress?: ProgressSink;
  /** Node flags for workers (tests load TypeScript through a loader). */
  readonly execArgv?: readonly string[];
  /** Resolves when the run should stop handing out seeds (a signal); seeds in flight are dropped. */
  readonly stop?: Promise<unknown>;
  /** Take V8 block coverage in every thread that runs seeds (then always worker threads, at least one). */
  readonly coverage?: boolean;
}

export interface RunOutcome {
  readonly reports: ScenarioReport[];
  readonly seedsPlanned: number;
  readonly seedsRun: number;
  /** True when a stop request ended the run before every planned seed ran. */
  readonly stopped: boolean;
  /** With `coverage`: each worker's coverage, once every seed ran (absent after a stop). */
  readonly coverage?: readonly ThreadCoverage[];
}

export async function runScenarios(req: RunRequest): Promise<ScenarioReport[]> {
  return (await runScenariosUntil(req)).reports;
}

export async function runScenariosUntil(req: RunRequest): Promise<RunOutcome> {
  const jobs: { scenario: Scenario; job: SeedJob }[] = [];
  for (const scenario of req.scenarios) {
    for (const { index, seed } of shardSlice(seedList(req.seeds(scenario)), req.shard)) {
      jobs.push({ scenario, job: { file: scenario.file, index, seed: seed.toString(10), extraBugs: req.extraBugs, ...(req.strategy ? { strategy: req.strategy } : {}) } });
    }
  }
  const progress = req.progress ? new Progress(req.progress, { total: jobs.length, label: "seeds" }) : undefined;
  const results: (SeedResult | undefined)[] = new Array(jobs.length);
  let stopped = false;
  void req.stop?.then(() => (stopped = true));
  let coverage = undefined as ThreadCoverage[] | undefined;
  // Coverage needs its collector started before the engine is loaded: only a fresh worker thread has that.
  if (!req.coverage && (req.workers <= 1 || jobs.length <= 1)) {
    for (let i = 0; i < jobs.length && !stopped; i++) {
      const { scenario, job } = jobs[i]!;
      const r = runScenarioSeed(scenario, job);
      results[i] = r;
      progress?.seedDone(r.verdict);
      // Let a signal handler run between seeds.
      if (req.stop) await new Promise((r) => setImmediate(r));
    }
  } else {
    const entry = req.coverage ? "coverage-seed-worker" : "seed-worker";
    const url = new URL(`./${entry}${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url);
    const all = mapInWorkers<SeedJob, SeedResult>(url, jobs.map((j) => j.job), {
      workers: req.workers,
      ...(req.execArgv ? { execArgv: req.execArgv } : {}),
      workerData: { calibrations: calibrationTable(req.scenarios.map((s) => s.file), req.extraBugs) },
      onResult: (i, _done, r) => {
        if (stopped) return;
        results[i] = r as SeedResult;
        progress?.seedDone((r as SeedResult).verdict);
      },
      ...(req.coverage ? { beforeTerminate: async (workers) => void (coverage = await gatherCoverage(workers)) } : {}),
    });
    // On a stop the pool is left to the process's exit; what finished is kept.
    await (req.stop ? Promise.race([all, req.stop]) : all);
    if (stopped) void all.catch(() => undefined);
  }
  progress?.finish();
  const seedsRun = results.filter((r) => r !== undefined).length;
  const reports = req.scenarios.map((scenario) =>
    scenarioReport(
      {
        name: scenario.name,
        file: scenario.file,
        description: scenario.description,
        expect: scenario.expect,
        bugs: [...new Set([...scenario.bugs, ...req.extraBugs])].sort(),
        strategy: req.strategy ?? scenario.strategy.name,
        ...(scenario.sometimes ? { sometimesDeclared: scenario.sometimes } : {}),
      },
      results.filter((r, i): r is SeedResult => r !== undefined && jobs[i]!.scenario === scenario),
    ),
  );
  const partial = stopped && seedsRun < jobs.length;
  return { reports, seedsPlanned: jobs.length, seedsRun, stopped: partial, ...(coverage && !partial ? { coverage } : {}) };
}
