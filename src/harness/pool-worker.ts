// The worker side of src/harness/worker-pool.ts. A worker module calls
// serveJobs(run): each batch { id, jobs } is answered with { id, results } (or
// { id, error, at }), one batch at a time in the order received; { stats: true }
// is answered with what this thread spent (WorkerStats), for the throughput bench.
import { performance } from "node:perf_hooks";
import { serialize } from "node:v8";
import { parentPort, workerData } from "node:worker_threads";
import { threadCpuNs } from "./thread-cpu.js";

export interface WorkerStats {
  /** Thread CPU from the thread's start to serveJobs: module loading. */
  readonly startCpuNs: number;
  /** Thread CPU inside the job function (scenario loading included). */
  readonly jobCpuNs: number;
  /** Thread CPU inside postMessage of the results: their structured clone. */
  readonly postCpuNs: number;
  /** Thread CPU in all, from the thread's start. */
  readonly totalCpuNs: number;
  /** Event loop time since serveJobs waiting for a message vs running (eventLoopUtilization). */
  readonly idleMs: number;
  readonly activeMs: number;
  readonly jobs: number;
  readonly batches: number;
  /** Bytes of the results' structured clone (v8.serialize); counted only when the pool asks for stats. */
  readonly resultBytes: number;
  /** The worker module's own counters (serveJobs' `counters`). */
  readonly counters: Readonly<Record<string, number>>;
}

export type PoolRequest<J> = { readonly id: number; readonly jobs: readonly J[] } | { readonly stats: true };
export type PoolReply<R> =
  | { readonly id: number; readonly results: readonly R[] }
  | { readonly id: number; readonly error: string; readonly at: number }
  | { readonly stats: WorkerStats };

/** workerData of a pool worker. */
export interface PoolWorkerData {
  /** Count result bytes (an extra serialization per batch). */
  readonly poolStats?: boolean;
}

const cpu = (): number => threadCpuNs() ?? 0;

/** Serves the pool; `counters` adds the module's own figures to its WorkerStats. */
export function serveJobs<J, R>(run: (job: J) => R | Promise<R>, counters: () => Readonly<Record<string, number>> = () => ({})): void {
  const port = parentPort;
  if (!port) throw new Error("serveJobs runs only in a worker thread");
  const startCpuNs = cpu();
  const elu0 = performance.eventLoopUtilization();
  const countBytes = (workerData as PoolWorkerData | undefined)?.poolStats === true;
  let jobCpuNs = 0;
  let postCpuNs = 0;
  let jobs = 0;
  let batches = 0;
  let resultBytes = 0;
  let previous: Promise<void> = Promise.resolve();
  const runBatch = async (id: number, batch: readonly J[]): Promise<void> => {
    const results: R[] = [];
    for (let at = 0; at < batch.length; at++) {
      const c0 = cpu();
      try {
        results.push(await run(batch[at]!));
      } catch (e) {
        port.postMessage({ id, error: e instanceof Error ? e.message : String(e), at } satisfies PoolReply<R>);
        return;
      } finally {
        jobCpuNs += cpu() - c0;
      }
    }
    jobs += batch.length;
    batches++;
    if (countBytes) resultBytes += serialize(results).length;
    const c1 = cpu();
    port.postMessage({ id, results } satisfies PoolReply<R>);
    postCpuNs += cpu() - c1;
  };
  port.on("message", (m: PoolRequest<J>) => {
    if ("stats" in m) {
      previous = previous.then(() => {
        const elu = performance.eventLoopUtilization(elu0);
        const stats: WorkerStats = { startCpuNs, jobCpuNs, postCpuNs, totalCpuNs: cpu(), idleMs: elu.idle, activeMs: elu.active, jobs, batches, resultBytes, counters: counters() };
        port.postMessage({ stats } satisfies PoolReply<R>);
      });
      return;
    }
    previous = previous.then(() => runBatch(m.id, m.jobs));
  });
}
