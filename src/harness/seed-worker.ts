// Worker-thread entry for parallel runs: serves batches of SeedJobs with their
// SeedResults through the pool's protocol (src/harness/pool-worker.ts). A
// scenario is loaded once per worker (runSeedJob's cache), not once per seed; a
// failing seed's history crosses only if the report can keep it (history-shipping.ts);
// PCT's k is calibrated once per run when the pool shares a table (shared-calibration.ts).
import { workerData } from "node:worker_threads";
import { HistoryShipping } from "./history-shipping.js";
import { calibrationRunsSoFar, shareCalibrations } from "./pct-calibration.js";
import { serveJobs } from "./pool-worker.js";
import { isLoadedScenario, runSeedJob, scenarioLoading, type SeedJob } from "./seed-job.js";
import { calibrationShare, type CalibrationTableData } from "./shared-calibration.js";

const data = workerData as { calibrations?: CalibrationTableData } | undefined;
if (data?.calibrations) shareCalibrations(calibrationShare(data.calibrations, isLoadedScenario));
const shipping = new HistoryShipping();
serveJobs(
  (job: SeedJob) => runSeedJob(job, shipping),
  () => {
    const l = scenarioLoading();
    return { scenariosLoaded: l.scenarios, scenarioLoadCpuNs: l.cpuNs, pctCalibrationRuns: calibrationRunsSoFar() };
  },
);
