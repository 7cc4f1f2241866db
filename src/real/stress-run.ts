// One `mvsim stress` run: N stress clients on real worker threads over one
// shared buffer, one of them killed inside a commit (it parks on a tripwire,
// then the coordinator terminates it and marks its pid dead), the survivors
// carry on and clean up, and a final reader (a fresh process) reads every
// key. Returns the merged history; the caller checks it (checkers live in a
// later layer). Nondeterministic by nature: the seed fixes each client's
// operation stream, not the interleaving.
import { SYSTEM_PROCESS, type HistoryEvent } from "../history/events.js";
import { Rng } from "../sim/rng.js";
import { Coordinator, type WorkerOutcome } from "./coordinator.js";
import { mergeHistory } from "./history-merge.js";
import { realPorts, setAlive } from "./real-ports.js";
import { KILL_IN_COMMIT, PHASE_RUNNING, type ClientCounts, type StressClientArgs } from "./stress-client.js";
import type { TargetKind } from "./stress-target.js";
import { PHASE_PARKED, drive, noFiles } from "./worker-context.js";

export interface StressOptions {
  readonly threads: number;
  readonly seconds: number;
  readonly seed: bigint;
  /** The store, opened first by the coordinator (so no worker dies while building it). */
  readonly target: TargetKind;
  /** Registry module whose `stressClient` body knows `target.name` (see stress-client-body.ts). */
  readonly module: URL;
  /** Keys per kind (txn keys and single-op keys each). */
  readonly keys: number;
  readonly txnOpsMax: number;
  /** Each client runs at least this many ops, however short the run (tests use it). */
  readonly opsMinPerClient: number;
  readonly arenaWords: number;
  /** Event log per client; a client stops when its log is full. */
  readonly logWordsPerWorker: number;
  /** Node flags for the workers (tests running TS sources pass a loader). */
  readonly execArgv?: readonly string[];
  readonly progress?: (line: string) => void;
}

export const DEFAULT_STRESS: Omit<StressOptions, "threads" | "seconds" | "seed" | "target" | "module"> = {
  keys: 8,
  txnOpsMax: 4,
  opsMinPerClient: 0,
  arenaWords: 1 << 22,
  logWordsPerWorker: 1 << 20,
};

export interface KillRecord {
  readonly client: number;
  readonly pid: number;
  /** It parked on its commit tripwire (else it was terminated wherever it was). */
  readonly inCommit: boolean;
}

export interface StressReport {
  readonly outcomes: readonly WorkerOutcome[];
  readonly counts: readonly (ClientCounts | undefined)[];
  readonly kills: readonly KillRecord[];
  readonly events: readonly HistoryEvent[];
  /** Problems outside the history: worker errors, hangs, a failed final read. */
  readonly problems: readonly string[];
  readonly elapsedMs: number;
}

const COORDINATOR_PID = 1;
const GRACE_MS = 10_000;
const STARTUP_MS = 30_000;

export async function runStress(o: StressOptions): Promise<StressReport> {
  const kind = o.target;
  const rng = new Rng(o.seed).fork("stress");
  const pidOf = (client: number): number => client + 2;
  const finalPid = pidOf(o.threads);
  const c = new Coordinator({
    layout: { words: o.arenaWords, reservedWords: 64, maxPids: finalPid + 1, maxWorkers: o.threads + 1, logWordsPerWorker: o.logWordsPerWorker },
    module: o.module,
    ...(o.execArgv ? { execArgv: o.execArgv } : {}),
  });
  // The coordinator opens the store first, so no worker dies while building it.
  setAlive(c.buffer, c.layout, COORDINATOR_PID, true);
  drive(kind.open(realPorts({ buffer: c.buffer, layout: c.layout, pid: COORDINATOR_PID, tid: 1000, files: noFiles() }), 2 * o.keys));

  const victim = rng.int(o.threads);
  const opsPerClient = Math.floor(o.logWordsPerWorker / 80);
  const killAtOp = Math.floor(opsPerClient * (0.05 + 0.2 * rng.next()));
  const clientArgs = (client: number): StressClientArgs => ({
    seed: o.seed.toString(), target: kind.name, keys: o.keys, client, opsMax: Number.MAX_SAFE_INTEGER,
    txnOpsMax: o.txnOpsMax, opsMin: o.opsMinPerClient, killAtOp: client === victim ? killAtOp : -1,
  });
  c.start(Array.from({ length: o.threads }, (_, client) => ({ pid: pidOf(client), body: "stressClient", args: clientArgs(client) })));

  // The clock starts once every client has opened the store (start-up is slow and varies).
  for (let w = 0; w < o.threads; w++) await c.waitPhaseAtLeast(w, PHASE_RUNNING, STARTUP_MS);
  const t0 = Date.now();
  const extra: HistoryEvent[] = [];
  const kills: KillRecord[] = [];
  const deadline = t0 + o.seconds * 1000;
  const kill = async (client: number): Promise<void> => {
    const parked = c.phase(client) === PHASE_PARKED;
    extra.push({ type: "info", process: SYSTEM_PROCESS, f: "crash", value: { pid: pidOf(client) }, index: c.nextIndex() });
    await c.kill(pidOf(client));
    kills.push({ client, pid: pidOf(client), inCommit: parked });
    o.progress?.(`killed client ${client} (pid ${pidOf(client)}) ${parked ? "inside a commit" : "outside a commit"} after ${Date.now() - t0} ms`);
  };
  // The victim arms its tripwire by itself at killAtOp; if time runs out first, it is told to.
  if (!(await c.waitPhase(victim, PHASE_PARKED, Math.max(0, deadline - Date.now())))) c.command(victim, KILL_IN_COMMIT);
  await c.waitPhase(victim, PHASE_PARKED, 5_000);
  await kill(victim);
  const left = deadline - Date.now();
  if (left > 0) await new Promise((r) => setTimeout(r, left));
  c.requestStop();

  const problems: string[] = [];
  const outcomes = await Promise.race([
    c.outcomes(),
    new Promise<undefined>((r) => setTimeout(() => r(undefined), GRACE_MS)),
  ]);
  const elapsedMs = Date.now() - t0;
  if (!outcomes) {
    const hung = Array.from({ length: o.threads }, (_, w) => w).filter((w) => c.isRunning(w));
    problems.push(`clients ${hung.join(", ")} still running ${GRACE_MS} ms after the stop request (a lock held by the dead process?)`);
    // Terminated like the victim: their open ops end in info after a crash event.
    for (const w of hung) extra.push({ type: "info", process: SYSTEM_PROCESS, f: "crash", value: { pid: pidOf(w) }, index: c.nextIndex() });
    for (const w of hung) await c.kill(pidOf(w));
  }
  const finalOutcomes = outcomes ?? (await c.outcomes());
  for (const w of finalOutcomes) if (w.status === "error" || w.status === "exited") problems.push(`client ${w.worker}: ${w.status} ${w.error ?? ""}`.trim());
  const counts = finalOutcomes.map((w) => w.result as ClientCounts | undefined);
  counts.forEach((n, i) => n?.errors.forEach((e) => problems.push(`client ${i}: ${e}`)));

  // The final reader: a fresh process on its own thread (it may hang on a lock a dead process holds).
  const [readerSlot] = c.start([{ pid: finalPid, body: "finalReader", args: { ...clientArgs(o.threads), killAtOp: -1 } }]);
  const read = await Promise.race([c.outcome(readerSlot!), new Promise<undefined>((r) => setTimeout(() => r(undefined), GRACE_MS))]);
  if (!read) {
    problems.push(`the final reader did not finish within ${GRACE_MS} ms`);
    await c.terminateAll();
  } else if (read.status !== "done") problems.push(`final read failed: ${read.status} ${read.error ?? ""}`.trim());

  const events = mergeHistory({
    i32: c.i32, layout: c.layout, workers: o.threads + 1, extra, clientsOf: (pid) => [pid - 2],
  });
  if (!kills.some((k) => k.inCommit)) problems.push("no client was killed inside a commit");
  return { outcomes: finalOutcomes, counts, kills, events, problems, elapsedMs };
}
