import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { batchSize, mapInWorkers, type PoolStats } from "../../src/harness/worker-pool.js";

const worker = new URL("./fixtures/square-worker.ts", import.meta.url);
const execArgv = ["--import", fileURLToPath(new URL("../real/ts-worker-register.mjs", import.meta.url))];

describe("worker pool", () => {
  it("returns results in job order for any number of workers", async () => {
    const jobs = Array.from({ length: 40 }, (_, i) => i);
    const one = await mapInWorkers<number, number>(worker, jobs, { workers: 1, execArgv });
    const two = await mapInWorkers<number, number>(worker, jobs, { workers: 2, execArgv });
    expect(one).toEqual(jobs.map((j) => j * j));
    expect(two).toEqual(one);
  });

  it("reports a failing job with its index", async () => {
    await expect(mapInWorkers<number, number>(worker, [1, -2, 3], { workers: 2, execArgv })).rejects.toThrow(/job 1 failed in a worker: negative job -2/);
  });

  it("sends batches that shrink to one job as the work runs out", () => {
    expect(batchSize(1000, 2, 8)).toBe(8);
    expect(batchSize(40, 2, 8)).toBe(5);
    expect(batchSize(7, 2, 8)).toBe(1);
    expect(batchSize(1000, 2, 1)).toBe(1);
  });

  it("gives the same results one job per message and in batches, and counts every job in the workers' stats", async () => {
    const jobs = Array.from({ length: 100 }, (_, i) => i);
    let stats: PoolStats | undefined;
    const single = await mapInWorkers<number, number>(worker, jobs, { workers: 2, execArgv, jobsPerMessageMax: 1 });
    const batched = await mapInWorkers<number, number>(worker, jobs, { workers: 2, execArgv, onStats: (s) => (stats = s) });
    expect(batched).toEqual(single);
    expect(stats!.jobs).toBe(100);
    expect(stats!.workers.reduce((a, w) => a + w.jobs, 0)).toBe(100);
    expect(stats!.messages).toBeLessThan(100);
    expect(stats!.workers.every((w) => w.resultBytes > 0)).toBe(true);
  });
});
