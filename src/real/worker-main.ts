// The entry of every real-world worker thread: loads the registry module named
// in its WorkerInit, runs the named body with a WorkerContext and posts
// { kind: "done", result } or { kind: "error", message } to the coordinator.
// A standby loads the module, then waits for its slot, pid and tid first.
import { parentPort, workerData } from "node:worker_threads";
import { workerContext, type WorkerAssignment, type WorkerBody, type WorkerInit, type WorkerMessage } from "./worker-context.js";

async function main(): Promise<WorkerMessage> {
  const init = workerData as WorkerInit;
  const mod = (await import(init.module)) as { bodies?: Record<string, WorkerBody> };
  const body = mod.bodies?.[init.body];
  if (typeof body !== "function") {
    return { kind: "error", message: `${init.module}: no worker body named "${init.body}" in its exported bodies` };
  }
  let run = init;
  if (init.standby) {
    const assigned = new Promise<WorkerAssignment>((resolve) => parentPort!.once("message", resolve));
    parentPort!.postMessage({ kind: "ready" } satisfies WorkerMessage);
    run = { ...init, ...(await assigned), standby: false };
  }
  try {
    return { kind: "done", result: await body(workerContext(run)) };
  } catch (e) {
    return { kind: "error", message: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ""}` : String(e) };
  }
}

if (parentPort) {
  const port = parentPort;
  main().then(
    (m) => port.postMessage(m),
    (e: unknown) => port.postMessage({ kind: "error", message: String(e) } satisfies WorkerMessage),
  );
}
