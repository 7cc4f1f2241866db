// The main thread's side of --coverage: once a pool's seeds are all done and
// before its workers are terminated, ask each worker (by threadId, over a
// BroadcastChannel, so the pool's job protocol is untouched) for the coverage
// it took, and collect one answer per worker.
// Contract: resolves with the workers' coverage in the order of `workers`;
// rejects if a worker answers with an error or exits before answering.
import { BroadcastChannel, type Worker } from "node:worker_threads";
import type { ThreadCoverage } from "./engine-coverage.js";

export const COVERAGE_CHANNEL = "mvsim-coverage";

export interface CoverageRequest {
  readonly threads: readonly number[];
}

export type CoverageReply = { readonly threadId: number; readonly coverage: ThreadCoverage } | { readonly threadId: number; readonly error: string };

export async function gatherCoverage(workers: readonly Worker[]): Promise<ThreadCoverage[]> {
  const ids = workers.map((w) => w.threadId);
  const got = new Map<number, ThreadCoverage>();
  const channel = new BroadcastChannel(COVERAGE_CHANNEL);
  const cleanup: (() => void)[] = [() => channel.close()];
  try {
    await new Promise<void>((resolve, reject) => {
      channel.onmessage = (e: unknown): void => {
        const m = (e as { data: CoverageRequest | CoverageReply }).data;
        if (!("threadId" in m) || !ids.includes(m.threadId) || got.has(m.threadId)) return;
        if ("error" in m) return reject(new Error(`coverage of worker thread ${m.threadId}: ${m.error}`));
        got.set(m.threadId, m.coverage);
        if (got.size === ids.length) resolve();
      };
      for (const w of workers) {
        const onExit = (): void => reject(new Error(`worker thread ${w.threadId} exited before sending its coverage`));
        w.once("exit", onExit);
        cleanup.push(() => w.off("exit", onExit));
      }
      if (ids.length === 0) resolve();
      else channel.postMessage({ threads: ids } satisfies CoverageRequest);
    });
  } finally {
    for (const c of cleanup) c();
  }
  return ids.map((id) => got.get(id)!);
}
