// Many seeds of many scenarios: the shard's slice of each scenario's seed
// list, run inline or across worker threads, gathered into scenario reports.
// Contract: the reports do not depend on the number of workers.
import { scenarioReport } from "./run-summary.js";
import type { Scenario } from "./scenario.js";
import { runScenarioSeed, type SeedJob } from "./seed-job.js";
import { seedList, shardSlice, type SeedPlan, type Shard } from "./seeds.js";
import { Progress, type ProgressSink } from "./progress.js";
import { mapInWorkers } from "./worker-pool.js";
import type { ScenarioReport, SeedResult } from "./run-result.js";

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
}

export async function runScenarios(req: RunRequest): Promise<ScenarioReport[]> {
  const jobs: { scenario: Scenario; job: SeedJob }[] = [];
  for (const scenario of req.scenarios) {
    for (const { index, seed } of shardSlice(seedList(req.seeds(scenario)), req.shard)) {
      jobs.push({ scenario, job: { file: scenario.file, index, seed: seed.toString(10), extraBugs: req.extraBugs, ...(req.strategy ? { strategy: req.strategy } : {}) } });
    }
  }
  const progress = req.progress ? new Progress(req.progress, { total: jobs.length, label: "seeds" }) : undefined;
  let results: SeedResult[];
  if (req.workers <= 1 || jobs.length <= 1) {
    results = [];
    for (const { scenario, job } of jobs) {
      const r = runScenarioSeed(scenario, job);
      results.push(r);
      progress?.seedDone(r.verdict);
    }
  } else {
    const url = new URL(`./seed-worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url);
    results = await mapInWorkers<SeedJob, SeedResult>(url, jobs.map((j) => j.job), {
      workers: req.workers,
      ...(req.execArgv ? { execArgv: req.execArgv } : {}),
      onResult: (_i, _done, r) => progress?.seedDone((r as SeedResult).verdict),
    });
  }
  progress?.finish();
  return req.scenarios.map((scenario) =>
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
      results.filter((r, i) => jobs[i]!.scenario === scenario),
    ),
  );
}
