// One stress client on a worker thread: draws operations from its own seeded
// stream, runs them against the target, and logs invoke / completion events
// (indexed by the shared counter) into its shared log. Transactions use keys
// [0, keys), single-key operations [keys, 2 * keys), so the two kinds can be
// checked apart (snapshot isolation vs linearizability). Written values are
// unique per run, restarts included (blocks from one shared counter). When
// its command word says KILL_IN_COMMIT, the client arms a tripwire inside its
// next commit and parks there for the coordinator. It runs until asked to
// stop: a full log makes it wait for the coordinator's drain, never stop.
import type { HistoryEvent, MicroOp } from "../history/events.js";
import { Rng } from "../sim/rng.js";
import { encodeEvent } from "./history-codec.js";
import { CTL_GO, CTL_VALUES } from "./shared-layout.js";
import type { StressTarget, StressTxn, TargetKind } from "./stress-target.js";
import { drive, type WorkerContext } from "./worker-context.js";

export const KILL_IN_COMMIT = 1;
/** Phase words of a stress client: running, inside a commit, done. */
export const PHASE_RUNNING = 1;
export const PHASE_COMMIT = 2;
export const PHASE_DONE = 3;

export interface StressClientArgs {
  readonly seed: string;
  readonly target: string;
  readonly keys: number;
  /** History process id of this client. */
  readonly client: number;
  readonly opsMax: number;
  /** The client ignores stop requests until it has run this many ops (so short runs still do work). */
  readonly opsMin: number;
  readonly txnOpsMax: number;
}

export interface ClientCounts {
  ops: number;
  ok: number;
  conflicts: number;
  failed: number;
  errors: string[];
  tripwireArmed: number;
  /** Times its log was full and it waited for the coordinator's drain. */
  logWaits: number;
  /** Why the client ended: asked to stop, its op budget, a full arena, or an unexpected error. */
  stoppedBy: "stop" | "ops-max" | "arena-full" | "error";
}

/** Values a client takes from the shared counter at a time. */
const VALUE_BLOCK = 4096;
/** Blocks that fit in a positive int32 (the history codec's value domain). */
const VALUE_BLOCKS_MAX = Math.floor(0x7fffffff / VALUE_BLOCK);

export function runStressClient(ctx: WorkerContext, kind: TargetKind, a: StressClientArgs): ClientCounts {
  const rng = new Rng(BigInt(a.seed)).fork(`client-${a.client}`);
  const store = drive(kind.open(ctx.ports, 2 * a.keys));
  const counts: ClientCounts = { ops: 0, ok: 0, conflicts: 0, failed: 0, errors: [], tripwireArmed: 0, logWaits: 0, stoppedBy: "stop" };
  const unique = uniqueValues(ctx);
  const log = clientLog(ctx, a.client);
  ctx.setPhase(PHASE_RUNNING);
  // Every client starts with the run's clock (a restarted one finds it started).
  const go = ctx.init.layout.ctlBase + CTL_GO;
  while (Atomics.load(ctx.mem.i32, go) === 0) Atomics.wait(ctx.mem.i32, go, 0, 50);
  for (; counts.ops < a.opsMin || !ctx.stopRequested(); counts.ops++) {
    if (counts.ops >= a.opsMax) {
      counts.stoppedBy = "ops-max";
      break;
    }
    if (counts.ops % 256 === 255) drive(store.maintain());
    const stop = rng.chance(0.7)
      ? txnOp(ctx, kind, store, rng, a, unique, log, counts)
      : singleOp(kind, store, rng, a, unique, log, counts);
    if (stop) {
      // The op that stops the client was invoked and completed: it counts.
      counts.ops++;
      counts.stoppedBy = stop;
      break;
    }
  }
  counts.logWaits = ctx.log.waits;
  ctx.setPhase(PHASE_DONE);
  return counts;
}

/** Values no other write of the run uses: blocks of VALUE_BLOCK from the shared counter. */
function uniqueValues(ctx: WorkerContext): () => number {
  let next = 0;
  let end = 0;
  return () => {
    if (next === end) {
      const block = Atomics.add(ctx.mem.i32, ctx.init.layout.ctlBase + CTL_VALUES, 1);
      if (block >= VALUE_BLOCKS_MAX) throw new RangeError(`stress: the run wrote all ${VALUE_BLOCKS_MAX * VALUE_BLOCK} unique int32 values`);
      next = block * VALUE_BLOCK;
      end = next + VALUE_BLOCK;
    }
    return next++;
  };
}

type Log = (e: Omit<HistoryEvent, "process" | "index" | "time" | "thread">) => void;

/** Logs an event of client `client`, indexed by the shared counter at this moment. */
function clientLog(ctx: WorkerContext, client: number): Log {
  return (e) => {
    const full: HistoryEvent = {
      ...e, process: client, index: ctx.nextIndex(), time: ctx.ports.clock.monotonicUs(), thread: ctx.ports.tid,
    };
    if (!ctx.log.append(encodeEvent(full))) throw new Error(`stress client ${client}: an event of ${encodeEvent(full).length} words is larger than its log`);
  };
}

/**
 * The final reader: a fresh process after every client stopped. Cleans up
 * (recovery, GC), then reads the txn keys in one transaction and each
 * single-op key with a single read, all logged like a client's ops.
 */
export function runFinalReader(ctx: WorkerContext, kind: TargetKind, a: StressClientArgs): number {
  const log = clientLog(ctx, a.client);
  const store = drive(kind.open(ctx.ports, 2 * a.keys));
  drive(store.maintain());
  const ops: MicroOp[] = Array.from({ length: a.keys }, (_, k) => ["r", k, null] as const);
  log({ type: "invoke", f: "txn", value: ops });
  const txn = drive(store.begin());
  const read = ops.map(([, k]) => ["r", k, drive(txn.get(k as number))] as const);
  drive(txn.commit());
  const stamps = txn.stamps();
  log({ type: "ok", f: "txn", value: read, ...(stamps ? { txn: stamps } : {}) });
  for (let k = a.keys; k < 2 * a.keys; k++) {
    log({ type: "invoke", f: "read", value: [k, null] });
    log({ type: "ok", f: "read", value: [k, drive(store.get(k))] });
  }
  return 2 * a.keys;
}

/** Runs one transaction; why the client must stop (a full arena, an unexpected error), or false. */
function txnOp(
  ctx: WorkerContext, kind: TargetKind, store: StressTarget, rng: Rng, a: StressClientArgs, unique: () => number, log: Log,
  counts: ClientCounts,
): Stop {
  const n = 1 + rng.int(a.txnOpsMax);
  const ops: MicroOp[] = [];
  for (let i = 0; i < n; i++) {
    const key = rng.int(a.keys);
    if (rng.chance(0.5)) ops.push(["r", key, null]);
    else ops.push(["w", key, rng.chance(0.1) ? null : unique()]);
  }
  log({ type: "invoke", f: "txn", value: ops });
  let txn: StressTxn | undefined;
  try {
    txn = drive(store.begin());
    const done: MicroOp[] = [];
    for (const [f, key, v] of ops) {
      if (f === "r") done.push(["r", key, drive(txn.get(key as number))]);
      else {
        drive(txn.put(key as number, v as number | null));
        done.push([f, key, v]);
      }
    }
    if (ctx.command() === KILL_IN_COMMIT && ops.some(([f]) => f === "w")) {
      // Die before the k-th mutating memory operation of this commit.
      ctx.mem.onTrip = ctx.park;
      ctx.mem.tripwire = 1 + rng.int(12);
      counts.tripwireArmed++;
    }
    ctx.setPhase(PHASE_COMMIT);
    drive(txn.commit());
    ctx.mem.tripwire = 0;
    ctx.setPhase(PHASE_RUNNING);
    const stamps = txn.stamps();
    log({ type: "ok", f: "txn", value: done, ...(stamps ? { txn: stamps } : {}) });
    counts.ok++;
    return false;
  } catch (e) {
    ctx.mem.tripwire = 0;
    ctx.setPhase(PHASE_RUNNING);
    return failed(kind, e, counts, (error, definite) => {
      const stamps = txn?.stamps();
      log({ type: definite ? "fail" : "info", f: "txn", value: ops, error, ...(stamps ? { txn: stamps } : {}) });
      if (txn && definite) drive(txn.abort());
    });
  }
}

function singleOp(
  kind: TargetKind, store: StressTarget, rng: Rng, a: StressClientArgs, unique: () => number, log: Log, counts: ClientCounts,
): Stop {
  const key = a.keys + rng.int(a.keys);
  const pick = rng.int(10);
  let invoked: Pick<HistoryEvent, "f" | "value"> | undefined;
  const invoke = (f: HistoryEvent["f"], value: unknown): void => {
    invoked = { f, value };
    log({ type: "invoke", f, value });
  };
  try {
    if (pick < 4) {
      invoke("read", [key, null]);
      log({ type: "ok", f: "read", value: [key, drive(store.get(key))] });
    } else if (pick < 8) {
      const v = rng.chance(0.1) ? null : unique();
      invoke("write", [key, v]);
      drive(store.put(key, v));
      log({ type: "ok", f: "write", value: [key, v] });
    } else {
      // Expect what a read sees now: the CAS then mostly races with other clients.
      const expected = drive(store.get(key));
      const next = unique();
      invoke("cas", [key, [expected, next]]);
      const took = drive(store.cas(key, expected, next));
      log({ type: took ? "ok" : "fail", f: "cas", value: [key, [expected, next]] });
    }
    counts.ok++;
    return false;
  } catch (e) {
    return failed(kind, e, counts, (error, definite) => {
      if (invoked) log({ type: definite ? "fail" : "info", ...invoked, error });
    });
  }
}

/** Why a client stops early, or false to go on. */
type Stop = false | "arena-full" | "error";

/** Classifies an error, logs the completion; a conflict lets the client go on. */
function failed(kind: TargetKind, e: unknown, counts: ClientCounts, complete: (error: string, definite: boolean) => void): Stop {
  const cls = kind.classify(e);
  if (cls === "conflict") counts.conflicts++;
  else counts.failed++;
  if (cls === "error" && counts.errors.length < 3) counts.errors.push(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  complete(cls, cls !== "error");
  return cls === "conflict" ? false : cls;
}
