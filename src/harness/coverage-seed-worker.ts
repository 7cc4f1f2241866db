// Worker-thread entry for a run with --coverage: starts V8 block coverage
// before the seed worker (and through it the engine) is loaded, then hands
// over to seed-worker.ts. Asked over the coverage channel (coverage-gather.ts)
// once every seed is done, it answers with this thread's engine coverage.
// Contract: answers only requests that name its threadId; never touches jobs.
import { BroadcastChannel, threadId } from "node:worker_threads";
import { COVERAGE_CHANNEL, type CoverageReply, type CoverageRequest } from "./coverage-gather.js";
import { isEngineScript, V8Coverage } from "./v8-coverage.js";

const coverage = await V8Coverage.start();
const channel = new BroadcastChannel(COVERAGE_CHANNEL);
// The pool terminates the worker; the channel must not keep it alive.
channel.unref();
channel.onmessage = (e: unknown): void => {
  const req = (e as { data: CoverageRequest | CoverageReply }).data;
  if (!("threads" in req) || !req.threads.includes(threadId)) return;
  coverage.take(isEngineScript).then(
    (c) => channel.postMessage({ threadId, coverage: c } satisfies CoverageReply),
    (err: unknown) => channel.postMessage({ threadId, error: err instanceof Error ? err.message : String(err) } satisfies CoverageReply),
  );
};
await import("./seed-worker.js");
