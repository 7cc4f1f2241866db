// One `mvsim stress` run: N stress clients on real worker threads over one
// shared buffer for the time asked. Now and then (seeded times, first three
// quarters of the run) the coordinator kills a client inside a commit (a
// tripwire parks it, the coordinator terminates it and marks its pid dead)
// and restarts its slot as a new process, whose open runs the engine's
// recovery for the dead one (on a warm standby thread, so the slot is idle
// only for that open); the logs are drained while the run goes on. At
// the end a final reader (a fresh process) reads every key. Returns the merged
// history; the caller checks it (checkers live in a later layer).
// Nondeterministic by nature: the seed fixes each client's operation stream
// and the kill plan, not the interleaving.
import { SYSTEM_PROCESS, type HistoryEvent } from "../history/events.js";
import { Rng } from "../sim/rng.js";
import { Coordinator, type WorkerOutcome } from "./coordinator.js";
import { mergeHistory } from "./history-merge.js";
import { LogDrain, type DrainStats } from "./log-drain.js";
import { realClock, realPorts, setAlive } from "./real-ports.js";
import { KILL_IN_COMMIT, PHASE_COMMIT, PHASE_RUNNING, type ClientCounts, type StressClientArgs } from "./stress-client.js";
import type { TargetKind } from "./stress-target.js";
import { threadActivity, type ThreadActivity } from "./thread-activity.js";
import { CTL_GO } from "./shared-layout.js";
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
  /** Each client process runs at least this many ops, however short the run (tests use it). */
  readonly opsMinPerClient: number;
  /** Mean time between two kills (each followed by a restart); 0: no kills. */
  readonly killEveryMs: number;
  readonly arenaWords: number;
  /** Event log ring per thread slot; the coordinator drains it while the run goes on. */
  readonly logWordsPerWorker: number;
  /** Node flags for the workers (tests running TS sources pass a loader). */
  readonly execArgv?: readonly string[];
  readonly progress?: (line: string) => void;
}

export const DEFAULT_STRESS: Omit<StressOptions, "threads" | "seconds" | "seed" | "target" | "module"> = {
  keys: 8,
  txnOpsMax: 4,
  opsMinPerClient: 0,
  killEveryMs: 1000,
  arenaWords: 1 << 22,
  logWordsPerWorker: 1 << 18,
};

export interface KillRecord {
  /** The thread slot whose process was killed. */
  readonly client: number;
  readonly pid: number;
  /** It parked on its commit tripwire (else it was terminated wherever it was). */
  readonly inCommit: boolean;
  /** ms since the run's start. */
  readonly atMs: number;
  /** The replacement process, and how long it took to start running ops (absent: it did not come up). */
  readonly restartPid: number;
  readonly restartMs?: number;
}

export interface StressReport {
  /** How every client thread ended, in start order (killed ones and their replacements). */
  readonly outcomes: readonly WorkerOutcome[];
  /** What each of them reported (absent for a killed one), in the same order. */
  readonly counts: readonly (ClientCounts | undefined)[];
  readonly kills: readonly KillRecord[];
  /** Kills the seeded plan asked for (fewer happen when a spare is not warm before the kill window closes). */
  readonly killsPlanned: number;
  readonly threads: readonly ThreadActivity[];
  readonly events: readonly HistoryEvent[];
  /** Problems outside the history: worker errors, hangs, lost events, a failed final read. */
  readonly problems: readonly string[];
  /** From the start of the clock to the stop request (the time asked, give or take a timer). */
  readonly runMs: number;
  /** From the start of the clock to the moment every client had ended. */
  readonly endMs: number;
  readonly log: DrainStats & { readonly writerWaits: number };
}

const COORDINATOR_PID = 1;
const GRACE_MS = 10_000;
const STARTUP_MS = 30_000;
/** How long a victim may take to reach a commit with writes before it is terminated wherever it is. */
const PARK_MS = 2_000;
/** Kills happen before this fraction of the run, so its last quarter runs every thread undisturbed. */
const KILL_WINDOW = 0.75;
/** Warm standby threads kept loading or ready (each holds the engine's modules). */
const STANDBYS = 2;

/** Seeded kill times (ms into the run) and victims. */
function killPlan(rng: Rng, o: StressOptions): { atMs: number; slot: number }[] {
  if (o.killEveryMs <= 0) return [];
  const runMs = o.seconds * 1000;
  const plan: { atMs: number; slot: number }[] = [];
  for (let at = runMs * (0.1 + 0.3 * rng.next()); at < KILL_WINDOW * runMs; at += o.killEveryMs * (0.5 + rng.next())) {
    plan.push({ atMs: Math.round(at), slot: rng.int(o.threads) });
  }
  return plan;
}

export async function runStress(o: StressOptions): Promise<StressReport> {
  const kind = o.target;
  const plan = killPlan(new Rng(o.seed).fork("stress"), o);
  // Pids never repeat: the clients, one per restart, then the final reader.
  const firstRestartPid = o.threads + 2;
  const finalPid = firstRestartPid + plan.length;
  const c = new Coordinator({
    layout: { words: o.arenaWords, reservedWords: 64, maxPids: finalPid + 1, maxWorkers: o.threads + 1, logWordsPerWorker: o.logWordsPerWorker },
    module: o.module,
    ...(o.execArgv ? { execArgv: o.execArgv } : {}),
  });
  // The coordinator opens the store first, so no worker dies while building it.
  setAlive(c.buffer, c.layout, COORDINATOR_PID, true);
  drive(kind.open(realPorts({ buffer: c.buffer, layout: c.layout, pid: COORDINATOR_PID, tid: 1000, files: noFiles() }), 2 * o.keys));
  const drain = new LogDrain(c.i32, c.layout, o.threads + 1);
  drain.start();

  // A process's history id is pid - 2: clients 0..N-1 first, then each restart, then the final reader.
  const processOf = (pid: number): number => pid - 2;
  const slotOf = new Map<number, number>();
  const clientArgs = (pid: number): StressClientArgs => ({
    seed: o.seed.toString(), target: kind.name, keys: o.keys, client: processOf(pid), opsMax: Number.MAX_SAFE_INTEGER,
    txnOpsMax: o.txnOpsMax, opsMin: o.opsMinPerClient,
  });
  const clientSpec = (slot: number, pid: number) => {
    slotOf.set(processOf(pid), slot);
    return { pid, body: "stressClient", args: clientArgs(pid) };
  };
  c.start(Array.from({ length: o.threads }, (_, slot) => clientSpec(slot, slot + 2)));
  // Warm spares for the restarts, STANDBYS at a time (never more than kills are left).
  let prepared = 0;
  let restarted = 0;
  const topUp = (): void => {
    for (; prepared - restarted < Math.min(STANDBYS, plan.length - restarted); prepared++) c.prepare("stressClient");
  };
  topUp();

  // The clock starts once every client has opened the store (start-up is slow
  // and varies); they all wait for it, so every thread's ops fall inside the run.
  for (let w = 0; w < o.threads; w++) await c.waitPhaseAtLeast(w, PHASE_RUNNING, STARTUP_MS);
  const startUs = realClock(c.i32, c.layout).monotonicUs();
  const t0 = Date.now();
  Atomics.store(c.i32, c.layout.ctlBase + CTL_GO, 1);
  Atomics.notify(c.i32, c.layout.ctlBase + CTL_GO);
  const deadline = t0 + o.seconds * 1000;
  const extra: HistoryEvent[] = [];
  const kills: KillRecord[] = [];
  const problems: string[] = [];
  // A timer can fire a millisecond before Date.now() reaches its mark: wait again until it has.
  const sleepUntil = async (at: number): Promise<void> => {
    for (let left = at - Date.now(); left > 0; left = at - Date.now()) await new Promise((r) => setTimeout(r, left));
  };
  // Terminated first, then the crash event: no event of the dead process can follow it.
  const crash = async (pid: number): Promise<void> => {
    await c.kill(pid);
    extra.push({ type: "info", process: SYSTEM_PROCESS, f: "crash", value: { pid }, index: c.nextIndex() });
  };

  // One kill and its restart in the same slot, as a new process. The kill
  // waits for a warm standby (a supervisor with a spare), so the slot is idle
  // only while the replacement opens the store; under heavy load kills slip.
  let nextPid = firstRestartPid;
  const windowEnd = t0 + KILL_WINDOW * o.seconds * 1000;
  const killAndRestart = async (slot: number): Promise<void> => {
    if (!(await c.standbyReady("stressClient", windowEnd - Date.now())) || Date.now() >= windowEnd) return;
    const phase = c.phase(slot);
    if (!c.isRunning(slot) || (phase !== PHASE_RUNNING && phase !== PHASE_COMMIT)) return;
    const pid = c.pidOf(slot);
    c.command(slot, KILL_IN_COMMIT);
    const inCommit = await c.waitPhase(slot, PHASE_PARKED, PARK_MS);
    // It ended by itself meanwhile (the stop came): there is nothing to kill.
    if (!inCommit && !c.isRunning(slot)) return;
    await crash(pid);
    const atMs = Date.now() - t0;
    const restartPid = nextPid++;
    c.restart(slot, clientSpec(slot, restartPid));
    restarted++;
    topUp();
    const up = await c.waitPhaseAtLeast(slot, PHASE_RUNNING, STARTUP_MS);
    const restartMs = up ? Date.now() - t0 - atMs : undefined;
    if (!up) problems.push(`thread ${slot}: its restarted process (pid ${restartPid}) did not start within ${STARTUP_MS} ms`);
    kills.push({ client: slot, pid, inCommit, atMs, restartPid, ...(restartMs === undefined ? {} : { restartMs }) });
    o.progress?.(`killed thread ${slot} (pid ${pid}) ${inCommit ? "inside a commit" : "outside a commit"} at ${atMs} ms; restarted as pid ${restartPid}${up ? ` in ${restartMs} ms` : ", which did not come up"}`);
  };
  // Kills run beside the clock: a slow restart never moves the stop.
  const killing = (async (): Promise<void> => {
    for (const k of plan) {
      await sleepUntil(t0 + k.atMs);
      if (Date.now() >= windowEnd) break;
      await killAndRestart(k.slot);
    }
    await c.dropStandbys();
  })();
  await sleepUntil(deadline);
  c.requestStop();
  const runMs = Date.now() - t0;
  await killing;

  const ended = await Promise.race([c.outcomes(), new Promise<undefined>((r) => setTimeout(() => r(undefined), GRACE_MS))]);
  const endMs = Date.now() - t0;
  let hung = 0;
  if (!ended) {
    const stuck = Array.from({ length: o.threads }, (_, w) => w).filter((w) => c.isRunning(w));
    problems.push(`threads ${stuck.join(", ")} still running ${GRACE_MS} ms after the stop request (a lock held by a dead process?)`);
    // Terminated like a victim: their open ops end in info after a crash event.
    for (const w of stuck) await crash(c.pidOf(w));
    hung = stuck.length;
  }
  const clientOutcomes = await c.outcomes();
  for (const w of clientOutcomes) if (w.status === "error" || w.status === "exited") problems.push(`thread ${w.worker} (pid ${w.pid}): ${w.status} ${w.error ?? ""}`.trim());
  const counts = clientOutcomes.map((w) => w.result as ClientCounts | undefined);
  counts.forEach((n, i) => n?.errors.forEach((e) => problems.push(`thread ${clientOutcomes[i]!.worker} (pid ${clientOutcomes[i]!.pid}): ${e}`)));

  // The final reader: a fresh process on its own thread (it may hang on a lock a dead process holds).
  const [readerSlot] = c.start([{ pid: finalPid, body: "finalReader", args: clientArgs(finalPid) }]);
  const read = await Promise.race([c.outcome(readerSlot!), new Promise<undefined>((r) => setTimeout(() => r(undefined), GRACE_MS))]);
  if (!read) {
    problems.push(`the final reader did not finish within ${GRACE_MS} ms`);
    await c.terminateAll();
  } else if (read.status !== "done") problems.push(`final read failed: ${read.status} ${read.error ?? ""}`.trim());

  await drain.stop();
  const merged = mergeHistory({
    records: Array.from({ length: o.threads + 1 }, (_, w) => drain.records(w)), extra, clientsOf: (pid) => [processOf(pid)],
  });
  // Only a thread terminated outside its tripwire can die between taking a position and logging it.
  const unparked = kills.filter((k) => !k.inCommit).length + hung;
  if (merged.lost > unparked) problems.push(`${merged.lost} event(s) lost: positions of the history counter no logged event holds`);
  if (kills.length > 0 && !kills.some((k) => k.inCommit)) problems.push("no client was killed inside a commit");
  const threads = threadActivity({ events: merged.events, threads: o.threads, slotOf, startUs, runMs: o.seconds * 1000 });
  const writerWaits = counts.reduce((n, x) => n + (x?.logWaits ?? 0), 0);
  return {
    outcomes: clientOutcomes, counts, kills, killsPlanned: plan.length, threads, events: merged.events, problems,
    runMs, endMs, log: { ...drain.stats(), writerWaits },
  };
}
