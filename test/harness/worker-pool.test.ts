import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { mapInWorkers } from "../../src/harness/worker-pool.js";

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
});
