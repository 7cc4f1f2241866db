// Worker-thread entry for parallel runs: serves batches of SeedJobs with their
// SeedResults through the pool's protocol (src/harness/pool-worker.ts). A
// scenario is loaded once per worker (runSeedJob's cache), not once per seed.
import { calibrationRunsSoFar } from "./pct-calibration.js";
import { serveJobs } from "./pool-worker.js";
import { runSeedJob, scenarioLoading, type SeedJob } from "./seed-job.js";

serveJobs(
  (job: SeedJob) => runSeedJob(job),
  () => {
    const l = scenarioLoading();
    return { scenariosLoaded: l.scenarios, scenarioLoadCpuNs: l.cpuNs, pctCalibrationRuns: calibrationRunsSoFar() };
  },
);
