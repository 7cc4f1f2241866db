// The MVCC engine as a harness target. With durability on (the default), the
// first process to open after a power loss recovers the disk, opens the
// engine on the fresh arena and restores the recovered state; the others wait
// for it, then attach to the same log and engine. Errors map to outcomes:
// a conflict or a refused write did not happen (fail); a disk error during a
// commit may or may not have (info). With singleKeyWritesLogFirst, single-key
// writes take the seed's DB.put path instead: WAL first, then the engine apply.
import { isBugName, type BugName } from "../engine/bugs.js";
import { fileTimestampLease, openDurability, resolveDurabilityOptions, runCheckpointer, WalCommitLog, type CommittedTxn, type DurabilityOptions } from "../engine/durability/index.js";
import { CorruptFileError, WalApplyError, WalIoError, WalPoisonedError, WriteStallError } from "../engine/durability/durability-errors.js";
import { lock, unlock } from "../engine/durability/owner-lock.js";
import type { CommitWrite } from "../engine/commit-log.js";
import { openEngine, type Engine, type EngineConfig } from "../engine/engine.js";
import type { Txn } from "../engine/transaction.js";
import type { TxnStamps } from "../history/events.js";
import { CapacityError, ConflictError } from "../engine/errors.js";
import { HEADER_WORDS } from "../engine/layout.js";
import { DiskError, type Gen, type Ports } from "../engine/ports.js";
import type { ErrorOutcome, KvSession, KvStore, KvTarget, KvTxn } from "./target.js";

export interface EngineTargetOptions {
  /** Engine and durability bug switches, by their ENGINE.md names. */
  readonly bugs?: ReadonlySet<string>;
  /** Capacities and tuning of the engine. */
  readonly engine?: Omit<EngineConfig, "bugs" | "commitLog" | "hlcFloor" | "timestampLease">;
  /** false: in-memory only (no WAL); otherwise durability options (dir defaults to "db"). */
  readonly durability?: false | Partial<Omit<DurabilityOptions, "bugs">>;
}

/** The harness's own root words, after the engine header in the reserved area. */
const ROOT = { state: 48, logBase: 49, writeLock: 50 } as const;
const OPENING = 1;
const SINGLE_OP_RETRIES_MAX = 10_000;
const READY = 2;
/** GC attempts in the end-of-run quiet period (a busy or registering round is retried). */
const QUIESCE_GC_ROUNDS_MAX = 8;
if (HEADER_WORDS > ROOT.state) throw new Error(`engine header (${HEADER_WORDS} words) overlaps the harness root at ${ROOT.state}`);

export function engineTarget(options: EngineTargetOptions = {}): KvTarget {
  const bugs = options.bugs ?? new Set<string>();
  const engineBugs = new Set<BugName>([...bugs].filter(isBugName));
  const durable = options.durability !== false;
  const durability = resolveDurabilityOptions({ dir: "db", ...(options.durability || {}), bugs });
  const config: EngineConfig = { ...(options.engine ?? {}), bugs: engineBugs, ...(durable ? { timestampLease: fileTimestampLease(durability.dir) } : {}) };

  function* openDurable(p: Ports): Gen<{ engine: Engine; log: WalCommitLog }> {
    if ((yield* p.mem.cas(ROOT.state, 0, OPENING, "target.claim-open")) === 0) {
      try {
        const opened = yield* openDurability(p, durability);
        const engine = yield* openEngine(p, { ...config, commitLog: opened.log, hlcFloor: opened.timestampFloor });
        yield* engine.restore(p, [...opened.recovered.state].map(([key, v]) => ({ key, value: v.value })));
        yield* p.mem.store(ROOT.logBase, opened.base, "target.publish-log");
        yield* p.mem.store(ROOT.state, READY, "target.ready");
        return { engine, log: opened.log };
      } catch (e) {
        // A disk error failed this open (the caller treats it as the process
        // exiting): give the claim back, so the next opener recovers instead of
        // waiting forever for a ready that never comes.
        if (e instanceof DiskError) {
          yield* p.mem.store(ROOT.state, 0, "target.release-claim");
          yield* p.mem.notify(ROOT.state);
        }
        throw e;
      }
    }
    for (;;) {
      const state = yield* p.mem.load(ROOT.state, "target.check-ready");
      if (state === READY) break;
      if (state === 0) return yield* openDurable(p);
      yield* p.mem.wait(ROOT.state, OPENING, 10_000, "target.wait-ready");
    }
    const log = new WalCommitLog(durability, yield* p.mem.load(ROOT.logBase, "target.read-log"));
    return { engine: yield* openEngine(p, { ...config, commitLog: log }), log };
  }

  return {
    name: durable ? "engine" : "engine-in-memory",
    visibility: "inclusive", // version-chain.ts: committed at ts <= snapshot is visible
    *open(p: Ports): Gen<KvStore> {
      if (!durable) return store(yield* openEngine(p, config));
      const { engine, log } = yield* openDurable(p);
      return store(engine, log);
    },
    classify,
  };
}

function store(engine: Engine, log?: WalCommitLog): KvStore {
  const logFirst = log && log.options.singleKeyWritesLogFirst === 1 ? logFirstWriter(log) : undefined;
  return {
    session: (p) => session(engine, p, logFirst),
    ...(log ? { background: (p: Ports) => runCheckpointer(p, log) } : {}),
    *quiesce(p: Ports) {
      // Two rounds that ran: the first unlinks and retires, the second frees
      // what the first retired (no hazard protects anything once clients are gone).
      let ran = 0;
      for (let round = 0; round < QUIESCE_GC_ROUNDS_MAX && ran < 2; round++) {
        const r = yield* engine.gc(p);
        if (r.ran) ran++;
        else yield* p.sched.sleep(1000, "quiesce.gc-busy");
      }
    },
  };
}

/**
 * The seed's DB.put on this engine: the WAL is written first and the engine is
 * the memtable the record is then applied to. The seed's transactions buffer
 * their writes, so its put never meets one; ours install theirs eagerly, so the
 * writer claims its key (installs its undecided version) before logging, and a
 * conflict is settled while nothing is durable. A key the engine refuses (a
 * full key index) is refused at apply, after logging, as in the seed: the
 * correct log reports that to the writer (WalApplyError), the
 * wal-apply-error-swallowed log only notes it and acknowledges the write.
 */
interface LogFirst {
  /**
   * Makes `write` durable, then applies it in `txn`, which commits it or aborts;
   * `refused` is the error that kept the key from being claimed, if any.
   */
  logThenApply(p: Ports, txn: Txn, write: CommitWrite, refused: CapacityError | undefined): Gen<void>;
  readonly pollUs: number;
}

function logFirstWriter(log: WalCommitLog): LogFirst {
  const applying = new Map<number, { txn: Txn; refused: CapacityError | undefined }>();
  function* apply(p: Ports, t: CommittedTxn): Gen<void> {
    const a = applying.get(t.txnId);
    if (!a) throw new Error(`log-first apply: txn ${t.txnId} was not logged by this process`);
    const { txn, refused } = a;
    try {
      if (refused) throw refused;
      yield* txn.commit(p, { skipLog: true });
    } catch (e) {
      if (txn.state === "active" || txn.state === "doomed") yield* txn.abort(p);
      throw e;
    }
  }
  const wal = new WalCommitLog({ ...log.options, apply }, log.base);
  return {
    pollUs: log.options.pollUs,
    *logThenApply(p, txn, write, refused) {
      applying.set(txn.id, { txn, refused });
      try {
        // The record carries the snapshot ts: the commit ts exists only once applied
        // (the engine's timestamp lease keeps the HLC above it after a power loss).
        yield* wal.logCommit(p, txn.id, txn.startTs, [write]);
      } finally {
        applying.delete(txn.id);
      }
    },
  };
}

/**
 * In log-first mode every commit holds the harness's write lock, so WAL order is
 * commit order: a record whose apply failed is durable, and only a later record
 * (which replay applies after it) may overwrite what it read.
 */
function* underWriteLock<T>(p: Ports, lf: LogFirst | undefined, body: () => Gen<T>): Gen<T> {
  if (!lf) return yield* body();
  yield* lock(p, ROOT.writeLock, "target.write-lock", lf.pollUs);
  try {
    return yield* body();
  } finally {
    yield* unlock(p, ROOT.writeLock, "target.write-unlock");
  }
}

function session(engine: Engine, p: Ports, lf?: LogFirst): KvSession {
  let last: TxnStamps | undefined;
  // Single-key ops as one-op transactions, retried on conflict like Engine's own,
  // so that each acknowledged one carries its stamps for the white-box checker.
  function* oneOp<T>(body: (txn: Txn) => Gen<T>): Gen<T> {
    for (let attempt = 1; ; attempt++) {
      const txn = yield* engine.begin(p);
      try {
        const r = yield* body(txn);
        if (txn.state === "active") yield* txn.commit(p);
        last = txn.stamps();
        return r;
      } catch (e) {
        if (txn.state === "active" || txn.state === "doomed") yield* txn.abort(p);
        if (!(e instanceof ConflictError) || attempt >= SINGLE_OP_RETRIES_MAX) throw e;
      }
      yield* p.sched.sleep(1 + (attempt % 32) * 3, "op.backoff");
    }
  }
  // A log-first write decides on a snapshot taken under the lock, so nothing
  // commits between its read and its apply. A conflict on claiming the key is
  // retried like oneOp's; once logged, the record is durable whatever the apply does.
  function* logFirstOp<T>(logFirst: LogFirst, body: (txn: Txn) => Gen<{ write?: CommitWrite; result: T }>): Gen<T> {
    for (let attempt = 1; ; attempt++) {
      const done = yield* underWriteLock(p, logFirst, function* (): Gen<{ result: T } | undefined> {
        const txn = yield* engine.begin(p);
        try {
          const { write, result } = yield* body(txn);
          if (write) yield* logFirst.logThenApply(p, txn, write, yield* claim(txn, write));
          else yield* txn.commit(p);
          last = txn.stamps();
          return { result };
        } catch (e) {
          if (txn.state === "active" || txn.state === "doomed") yield* txn.abort(p);
          if (e instanceof ConflictError && attempt < SINGLE_OP_RETRIES_MAX) return undefined;
          throw e;
        }
      });
      if (done) return done.result;
      yield* p.sched.sleep(1 + (attempt % 32) * 3, "op.backoff");
    }
  }
  /** Installs the write's version (a conflict throws); a refused key is returned, for the apply to report. */
  function* claim(txn: Txn, write: CommitWrite): Gen<CapacityError | undefined> {
    try {
      yield* write.value === null ? txn.delete(p, write.key) : txn.put(p, write.key, write.value);
      return undefined;
    } catch (e) {
      if (e instanceof CapacityError) return e;
      throw e;
    }
  }
  const writes: Pick<KvSession, "put" | "del" | "cas"> = lf
    ? {
        put: (k, v) => logFirstOp(lf, function* () {
          return { write: { key: k, value: v }, result: undefined };
        }),
        del: (k) => logFirstOp(lf, function* () {
          return { write: { key: k, value: null }, result: undefined };
        }),
        cas: (k, expected, v) =>
          logFirstOp(lf, function* (txn) {
            if ((yield* txn.get(p, k)) !== expected) return { result: false };
            return { write: { key: k, value: v }, result: true };
          }),
      }
    : {
        put: (k, v) => oneOp((txn) => txn.put(p, k, v)),
        del: (k) => oneOp((txn) => txn.delete(p, k)),
        cas: (k, expected, v) =>
          oneOp(function* (txn) {
            if ((yield* txn.get(p, k)) !== expected) return false;
            yield* txn.put(p, k, v);
            return true;
          }),
      };
  return {
    *begin(): Gen<KvTxn> {
      const txn = yield* engine.begin(p);
      return {
        id: txn.id,
        startTs: txn.startTs,
        get: (k) => txn.get(p, k),
        put: (k, v) => txn.put(p, k, v),
        del: (k) => txn.delete(p, k),
        commit: () => underWriteLock(p, lf, () => txn.commit(p)),
        abort: () => txn.abort(p),
      };
    },
    get: (k) => oneOp((txn) => txn.get(p, k)),
    ...writes,
    lastStamps: () => last,
  };
}

/** Known failures; anything else is an engine bug and ends the run as engine-error. */
function classify(e: unknown): ErrorOutcome | undefined {
  if (e instanceof ConflictError) return { type: "fail", reason: "conflict" };
  if (e instanceof CapacityError) return { type: "fail", reason: `capacity: ${e.structure}` };
  if (e instanceof WalPoisonedError) return { type: "fail", reason: "log refuses writes after an I/O error" };
  if (e instanceof WriteStallError) return { type: "fail", reason: "write stall" };
  // Durable in the WAL but not applied: a full table is the engine's own limit, not a fault.
  if (e instanceof WalApplyError && e.reason instanceof CapacityError) return { type: "info", reason: e.message, limit: e.reason.structure };
  if (e instanceof WalIoError || e instanceof DiskError || e instanceof WalApplyError) return { type: "info", reason: e.message };
  if (e instanceof CorruptFileError) return { type: "info", reason: e.message };
  return undefined;
}
