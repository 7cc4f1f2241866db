// The linearizability checker's keys on several worker threads (keys are
// independent: P-compositionality). Contract: the result equals the checker's
// own finish() whatever the number of workers or the order they answer in:
// keys are handed out smallest first, and without allKeys the answer stops at
// the first illegal key in that order (later keys' answers are dropped).
import { Worker } from "node:worker_threads";
import type { CheckResult } from "./checker.js";
import type { KeyVerdict, LinearizabilityChecker } from "./linearizability.js";

export interface ParallelOptions {
  readonly workers: number;
  /** Extra node flags for the workers (tests load TypeScript through a loader). */
  readonly execArgv?: readonly string[];
  /** The worker module; by default the compiled linearizability-key-worker next to this file. */
  readonly workerUrl?: URL;
}

export async function finishInWorkers(checker: LinearizabilityChecker, o: ParallelOptions): Promise<CheckResult> {
  const keys = checker.keysBySize();
  if (o.workers <= 1 || keys.length < 2) return checker.finishKeys(keys);
  const url = o.workerUrl ?? new URL("./linearizability-key-worker.js", import.meta.url);
  // Keys the unique-value path finds ok cost less here than their copy to a worker.
  const verdicts: (KeyVerdict | undefined)[] = keys.map(({ key, ops }) => checker.quickVerdict(key, ops));
  if (verdicts.every((v) => v !== undefined)) return checker.summarise(verdicts as KeyVerdict[], keys.length);
  // Without allKeys: the first illegal key in size order; keys after it are not needed.
  let stopAt = keys.length;
  let next = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const settled = (): boolean => {
        for (let i = 0; i < stopAt; i++) if (verdicts[i] === undefined) return false;
        return true;
      };
      const feed = (w: Worker): void => {
        while (next < stopAt && verdicts[next] !== undefined) next++;
        if (next >= stopAt) return;
        const index = next++;
        w.postMessage({ index, key: keys[index]!.key, ops: keys[index]!.ops });
      };
      for (let i = 0; i < Math.min(o.workers, keys.length); i++) {
        const w = new Worker(url, { workerData: checker.options, execArgv: [...(o.execArgv ?? [])] });
        workers.push(w);
        w.on("message", (m: { index: number; verdict?: KeyVerdict; error?: string }) => {
          if (m.error !== undefined) return reject(new Error(`key ${JSON.stringify(keys[m.index]!.key)} failed in a worker: ${m.error}`));
          verdicts[m.index] = m.verdict!;
          if (m.verdict!.result === "illegal" && !checker.options.allKeys) stopAt = Math.min(stopAt, m.index + 1);
          if (settled()) resolve();
          else feed(w);
        });
        w.on("error", reject);
        feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return checker.summarise(verdicts.slice(0, stopAt) as KeyVerdict[], keys.length);
}
