// Worker-thread entry for parallel runs: answers { id, job: SeedJob } with
// { id, result: SeedResult } or { id, error }, one job at a time in the order
// received (the pool posts a job ahead). A null job is answered at once with a
// null result: the bench's measure of the pool's message round trip.
import { parentPort } from "node:worker_threads";
import { runSeedJob, type SeedJob } from "./seed-job.js";

const port = parentPort;
if (!port) throw new Error("seed-worker.ts runs only as a worker thread");
let previous: Promise<void> = Promise.resolve();
port.on("message", (m: { id: number; job: SeedJob | null }) => {
  const job = m.job;
  if (job === null) {
    port.postMessage({ id: m.id, result: null });
    return;
  }
  previous = previous.then(() =>
    runSeedJob(job).then(
      (result) => port.postMessage({ id: m.id, result }),
      (e: unknown) => port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) }),
    ),
  );
});
