// A worker thread for linearizability-parallel.ts: checks the keys it is sent
// with a checker built from the same options, and posts each key's verdict.
// Contract: { index, key, ops } in, { index, verdict } (or { index, error }) out.
import { parentPort, workerData } from "node:worker_threads";
import type { Key } from "../history/events.js";
import type { KeyOp } from "./key-ops.js";
import { LinearizabilityChecker, type LinearizabilityOptions } from "./linearizability.js";

const checker = new LinearizabilityChecker(workerData as LinearizabilityOptions);

parentPort!.on("message", (m: { index: number; key: Key; ops: KeyOp[] }) => {
  try {
    parentPort!.postMessage({ index: m.index, verdict: checker.checkKey(m.key, m.ops) });
  } catch (e) {
    parentPort!.postMessage({ index: m.index, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
