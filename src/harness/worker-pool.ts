// A pool of worker threads mapping jobs to results. Results come back in job
// order whatever the number of workers or the order they finish in, so a run's
// report does not depend on --workers. Jobs travel in batches (a message costs
// a round trip through both event loops): large while much work remains, down
// to one job at the end so the workers finish together. A worker module serves
// them with serveJobs (src/harness/pool-worker.ts).
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import type { PoolReply, PoolRequest, PoolWorkerData, WorkerStats } from "./pool-worker.js";
import { threadCpuNs } from "./thread-cpu.js";

export interface PoolOptions {
  readonly workers: number;
  /** Extra node flags for the workers (tests load TypeScript through a loader). */
  readonly execArgv?: readonly string[];
  /** Called as each job finishes, in completion order (progress). */
  readonly onResult?: (index: number, done: number, result: unknown) => void;
  /** Batches posted to a worker ahead of its replies, so it never waits for the main thread; default 2. */
  readonly inFlightPerWorker?: number;
  /** Runs once every job is done, before the workers are terminated (--coverage asks them for theirs). */
  readonly beforeTerminate?: (workers: readonly Worker[]) => Promise<void>;
  /** The largest batch; default 8. 1 sends one job per message. */
  readonly jobsPerMessageMax?: number;
  /** More workerData for the worker module (e.g. shared memory); the pool adds its own fields. */
  readonly workerData?: Readonly<Record<string, unknown>>;
  /** Asks each worker what it spent before it is stopped (costs an extra serialization per batch). */
  readonly onStats?: (stats: PoolStats) => void;
}

export interface PoolStats {
  readonly jobs: number;
  readonly messages: number;
  /** Wall time from the first worker's spawn to the last result. */
  readonly wallMs: number;
  /** CPU of the calling (main) thread over the same span: spawning, posting, reading results. */
  readonly mainCpuNs: number;
  readonly workers: readonly WorkerStats[];
}

/** Guided batch size: a quarter of an even share of what is left, within [1, max]. */
export function batchSize(remaining: number, workers: number, max: number): number {
  return Math.max(1, Math.min(max, Math.floor(remaining / (4 * workers))));
}

export async function mapInWorkers<J, R>(workerUrl: URL, jobs: readonly J[], options: PoolOptions): Promise<R[]> {
  const results = new Array<R>(jobs.length);
  if (jobs.length === 0) return results;
  const count = Math.max(1, Math.min(options.workers, jobs.length));
  const max = Math.max(1, options.jobsPerMessageMax ?? 8);
  const t0 = performance.now();
  const cpu0 = threadCpuNs() ?? 0;
  let next = 0;
  let done = 0;
  let messages = 0;
  const starts = new Map<number, number>();
  const workers: Worker[] = [];
  let ended: { wallMs: number; mainCpuNs: number } | undefined;
  const workerData: PoolWorkerData = { ...options.workerData, poolStats: options.onStats !== undefined };
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (w: Worker): void => {
        if (next >= jobs.length) return;
        const id = next;
        const n = batchSize(jobs.length - next, count, max);
        next += n;
        starts.set(id, n);
        messages++;
        w.postMessage({ id, jobs: jobs.slice(id, id + n) } satisfies PoolRequest<J>);
      };
      const ahead = Math.max(1, options.inFlightPerWorker ?? 2);
      for (let i = 0; i < count; i++) {
        const w = new Worker(workerUrl, { execArgv: [...(options.execArgv ?? [])], workerData });
        workers.push(w);
        w.on("message", (m: PoolReply<R>) => {
          if ("stats" in m) return;
          if ("error" in m) {
            reject(new Error(`job ${m.id + m.at} failed in a worker: ${m.error}`));
            return;
          }
          if (starts.get(m.id) !== m.results.length) {
            reject(new Error(`a worker answered batch ${m.id} with ${m.results.length} results`));
            return;
          }
          m.results.forEach((r, k) => {
            results[m.id + k] = r;
            done++;
            options.onResult?.(m.id + k, done, r);
          });
          if (done === jobs.length) {
            ended = { wallMs: performance.now() - t0, mainCpuNs: (threadCpuNs() ?? 0) - cpu0 };
            resolve();
          } else feed(w);
        });
        w.on("error", reject);
        w.on("exit", (code) => {
          if (done < jobs.length && code !== 0) reject(new Error(`a worker exited with code ${code}`));
        });
      }
      // Deal the first batches round-robin, so every worker gets work before any gets a second batch.
      for (let k = 0; k < ahead; k++) for (const w of workers) feed(w);
    });
    await options.beforeTerminate?.(workers);
    if (options.onStats && ended) {
      const stats = await Promise.all(workers.map(askStats));
      options.onStats({ jobs: jobs.length, messages, ...ended, workers: stats });
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

function askStats(w: Worker): Promise<WorkerStats> {
  return new Promise((resolve) => {
    const on = (m: PoolReply<unknown>): void => {
      if (!("stats" in m)) return;
      w.off("message", on);
      resolve(m.stats);
    };
    w.on("message", on);
    w.postMessage({ stats: true } satisfies PoolRequest<never>);
  });
}
