// Worker-thread entry for parallel runs: answers { id, job: SeedJob } with
// { id, result: SeedResult } or { id, error }.
import { parentPort } from "node:worker_threads";
import { runSeedJob, type SeedJob } from "./seed-job.js";

const port = parentPort;
if (!port) throw new Error("seed-worker.ts runs only as a worker thread");
port.on("message", (m: { id: number; job: SeedJob }) => {
  runSeedJob(m.job).then(
    (result) => port.postMessage({ id: m.id, result }),
    (e: unknown) => port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
