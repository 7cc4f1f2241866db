// A pool of worker threads mapping jobs to results. Results come back in job
// order whatever the number of workers or the order they finish in, so a run's
// report does not depend on --workers. A worker module handles messages
// { id, job } by posting { id, result } or { id, error }, in the order received.
// Each worker has up to `inFlightPerWorker` jobs posted ahead, so it starts its
// next job without waiting for the main thread to read the last result.
import { Worker } from "node:worker_threads";

export interface PoolOptions {
  readonly workers: number;
  /** Extra node flags for the workers (tests load TypeScript through a loader). */
  readonly execArgv?: readonly string[];
  /** Called as each job finishes, in completion order (progress). */
  readonly onResult?: (index: number, done: number, result: unknown) => void;
  /** Jobs posted to a worker before its first result comes back; default 2. */
  readonly inFlightPerWorker?: number;
  /** Runs once every job is done, before the workers are terminated (--coverage asks them for theirs). */
  readonly beforeTerminate?: (workers: readonly Worker[]) => Promise<void>;
}

interface Reply<R> {
  readonly id: number;
  readonly result?: R;
  readonly error?: string;
}

export async function mapInWorkers<J, R>(workerUrl: URL, jobs: readonly J[], options: PoolOptions): Promise<R[]> {
  const results = new Array<R>(jobs.length);
  if (jobs.length === 0) return results;
  const count = Math.max(1, Math.min(options.workers, jobs.length));
  let next = 0;
  let done = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (w: Worker): void => {
        if (next >= jobs.length) return;
        const id = next++;
        w.postMessage({ id, job: jobs[id] });
      };
      const ahead = Math.max(1, options.inFlightPerWorker ?? 2);
      for (let i = 0; i < count; i++) {
        const w = new Worker(workerUrl, { execArgv: [...(options.execArgv ?? [])] });
        workers.push(w);
        w.on("message", (m: Reply<R>) => {
          if (m.error !== undefined) {
            reject(new Error(`job ${m.id} failed in a worker: ${m.error}`));
            return;
          }
          results[m.id] = m.result as R;
          done++;
          options.onResult?.(m.id, done, m.result);
          if (done === jobs.length) resolve();
          else feed(w);
        });
        w.on("error", reject);
        w.on("exit", (code) => {
          if (done < jobs.length && code !== 0) reject(new Error(`a worker exited with code ${code}`));
        });
      }
      // Deal the first jobs round-robin, so every worker gets work before any gets a second job.
      for (let k = 0; k < ahead; k++) for (const w of workers) feed(w);
    });
    await options.beforeTerminate?.(workers);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
