// A transaction: a snapshot (reader slot + ts), a record in the txn table,
// and the versions it installed (one per written key, pushed at write time so
// a second writer of the key conflicts at once).
// Contract: commit marks COMMITTING and allocates the commit ts inside the
// writer lock, logs the commit outside it, then publishes with ONE store of
// the record's state word; stamping versions afterwards only saves lookups.
import { acquireLock, releaseLock } from "./arena-lock.js";
import { bug, type EngineCtx } from "./context.js";
import type { CommitWrite } from "./commit-log.js";
import { CapacityError, ConflictError, EngineInvariantError, TxnStateError } from "./errors.js";
import { runGc } from "./gc.js";
import { hlcAllocate } from "./hlc.js";
import { findEntry, findOrInsertEntry, keyRef } from "./key-index.js";
import {
  H,
  KIND_VERSION,
  STAMP_ABORTED,
  TXN_ABORTED,
  TXN_COMMITTED,
  TXN_COMMITTING,
  VERSION_WORDS,
  VN,
  RS,
} from "./layout.js";
import { ArenaFullError, DiskError, type Gen, type Ports } from "./ports.js";
import { releaseReaderSlot, type ClaimedSlot } from "./reader-slots.js";
import { freeTxnRecord, logWrite, setTxnState, unlogWrite, type TxnRecordRef } from "./txn-table.js";
import { appendValue, freeValue } from "./value-store.js";
import { findVersionOf, installVersion, readAt } from "./version-chain.js";

/** The white-box stamps a harness records for a transaction. */
export interface TxnStamps {
  readonly id: number;
  /** Snapshot timestamp. */
  readonly start: number;
  /** Commit timestamp; absent unless committed. */
  readonly commit?: number;
}

export type TxnPhase = "active" | "doomed" | "committed" | "aborted";

interface OwnWrite {
  value: string | null;
  readonly version: number;
  handle: number;
  byteLen: number;
}

export class Txn {
  private phase: TxnPhase = "active";
  private commitTs: number | undefined;
  private readonly writes = new Map<string, OwnWrite>();

  constructor(
    private readonly ctx: EngineCtx,
    private readonly hlcBaseMs: number,
    private readonly rec: TxnRecordRef,
    private readonly slot: ClaimedSlot,
  ) {}

  get id(): number {
    return this.rec.id;
  }
  get startTs(): number {
    return this.slot.snapshot;
  }
  get state(): TxnPhase {
    return this.phase;
  }
  stamps(): TxnStamps {
    return this.commitTs === undefined ? { id: this.id, start: this.startTs } : { id: this.id, start: this.startTs, commit: this.commitTs };
  }

  *get(ports: Ports, key: string): Gen<string | null> {
    this.expectActive("get");
    const own = this.writes.get(key);
    if (own) return own.value;
    const entry = yield* findEntry(this.ctx, ports, keyRef(key));
    if (entry === 0) return null;
    return (yield* readAt(this.ctx, ports, entry, this.startTs, this.id)).value;
  }

  *put(ports: Ports, key: string, value: string): Gen<void> {
    yield* this.write(ports, key, value);
  }

  *delete(ports: Ports, key: string): Gen<void> {
    yield* this.write(ports, key, null);
  }

  private *write(ports: Ports, key: string, value: string | null): Gen<void> {
    this.expectActive(value === null ? "delete" : "put");
    const ctx = this.ctx;
    const { mem } = ports;
    const own = this.writes.get(key);
    const stored = value === null ? { handle: 0, byteLen: 0 } : yield* appendValue(ctx, ports, value);
    if (own) {
      // Our version is not visible to anyone else yet: overwrite its value in place.
      yield* mem.store64(own.version + VN.handle, stored.handle, "txn.rewrite-value");
      yield* mem.store(own.version + VN.byteLen, stored.byteLen, "txn.rewrite-len");
      yield* freeValue(ctx, ports, own.handle, own.byteLen);
      Object.assign(own, { value, handle: stored.handle, byteLen: stored.byteLen });
      return;
    }
    let entry: number;
    let version: number;
    try {
      entry = yield* findOrInsertEntry(ctx, ports, keyRef(key));
      version = yield* allocVersion(ports, this.id, this.slot.epoch, stored.handle, stored.byteLen);
    } catch (e) {
      yield* freeValue(ctx, ports, stored.handle, stored.byteLen);
      throw e;
    }
    const index = this.writes.size;
    try {
      yield* logWrite(ctx, ports, this.rec, index, version, key);
    } catch (e) {
      yield* this.dropUnpublished(ports, version, stored.handle, stored.byteLen);
      throw e;
    }
    try {
      const r = yield* installVersion(ctx, ports, entry, key, version, this.id, this.startTs);
      if (r.kind === "own") throw new EngineInvariantError("own writes tracked", `txn ${this.id} found its own version of "${key}" untracked`, "snapshot-isolation");
    } catch (e) {
      yield* unlogWrite(ports, this.rec, index);
      yield* this.dropUnpublished(ports, version, stored.handle, stored.byteLen);
      if (e instanceof ConflictError) {
        this.phase = "doomed";
        ports.sometimes("ww-conflict-abort");
      }
      throw e;
    }
    this.writes.set(key, { value, version, handle: stored.handle, byteLen: stored.byteLen });
  }

  private *dropUnpublished(ports: Ports, version: number, handle: number, byteLen: number): Gen<void> {
    yield* ports.mem.free(version, "txn.drop-version");
    yield* ports.mem.add(H.liveVersions, -1, "stats.versions");
    yield* ports.mem.add(H.liveWords, -VERSION_WORDS, "stats.live-words");
    yield* freeValue(this.ctx, ports, handle, byteLen);
  }

  /**
   * Commits; returns the commit ts once durable and visible (the snapshot ts if
   * read-only). `skipLog` is for restoring data that is already durable.
   */
  *commit(ports: Ports, options: { readonly skipLog?: boolean } = {}): Gen<number> {
    if (this.phase === "doomed") throw new TxnStateError(this.id, "doomed by a write conflict", "commit");
    this.expectActive("commit");
    const ctx = this.ctx;
    if (this.writes.size === 0) {
      yield* this.finish(ports, "committed");
      this.commitTs = this.startTs;
      return this.startTs;
    }
    const ts = yield* this.enterCommit(ports);
    const writes: CommitWrite[] = [...this.writes].map(([key, w]) => ({ key, value: w.value }));
    yield* ports.sched.point("commit.log");
    if (!options.skipLog) yield* ctx.commitLog.logCommit(ports, this.id, ts, writes);
    if (bug(ctx, "fractured-commit")) {
      // The defect: each key's version is looked up and stamped in turn (it is
      // visible from that moment), the record flips last.
      for (const key of this.writes.keys()) {
        const v = yield* findVersionOf(ctx, ports, yield* findEntry(ctx, ports, keyRef(key)), this.id);
        yield* ports.mem.store64(v + VN.stamp, ts, "commit.stamp");
      }
      yield* setTxnState(ports, this.rec, TXN_COMMITTED, ts, "commit.publish");
    } else {
      // BUGGIFY: the committer is descheduled between its log write and its publish.
      if (ports.buggify("commit.before-publish")) yield* ports.sched.sleep(250, "buggify.commit.before-publish");
      yield* setTxnState(ports, this.rec, TXN_COMMITTED, ts, "commit.publish");
      for (const w of this.writes.values()) {
        if (ports.buggify("commit.between-stamps")) yield* ports.sched.spin("buggify.commit.between-stamps");
        yield* ports.mem.store64(w.version + VN.stamp, ts, "commit.stamp");
      }
    }
    this.commitTs = ts;
    yield* this.finish(ports, "committed");
    if (ctx.onWrite) for (const key of this.writes.keys()) yield* ctx.onWrite(ports, key);
    const every = ctx.layout.gcEveryCommits;
    if (every > 0 && (yield* ports.mem.load(H.commitsSinceGc, "commit.gc-due")) >= every) {
      // The commit is done: GC is best effort here and must not turn it into a failure.
      try {
        yield* runGc(ctx, ports);
      } catch (e) {
        if (!(e instanceof CapacityError)) throw e;
      }
    }
    return ts;
  }

  /** The writer critical section: COMMITTING, then the commit ts, in lock order. */
  private *enterCommit(ports: Ports): Gen<number> {
    const ctx = this.ctx;
    const flaws = { reentrantPid: bug(ctx, "writer-lock-reentrant-pid"), ignoreDeadOwner: bug(ctx, "writer-lock-dead-owner") };
    const how = yield* acquireLock(ports, H.writerLock, "commit.lock", flaws);
    let entered = false;
    let ts: number;
    try {
      if (how === "took-over") yield* ports.mem.store(H.writerOccupancy, 0, "commit.reset-occupancy");
      const inside = yield* ports.mem.add(H.writerOccupancy, 1, "commit.enter");
      entered = true;
      if (inside !== 0) {
        throw new EngineInvariantError("writer lock exclusion", `thread ${ports.tid} (pid ${ports.pid}) entered the commit section with ${inside} writer(s) inside`, "write-conflict");
      }
      // COMMITTING before the ts exists: a reader that sees the txn ACTIVE knows its ts will be later.
      yield* setTxnState(ports, this.rec, TXN_COMMITTING, 0, "commit.mark-committing");
      ts = yield* hlcAllocate(ctx, ports, this.hlcBaseMs);
      yield* setTxnState(ports, this.rec, TXN_COMMITTING, ts, "commit.set-ts");
    } catch (e) {
      // A failure inside the section (EIO on the HLC-ceiling write) leaves it
      // like a normal exit: otherwise the lock and its count stay taken by a
      // live thread, and the next writer waits forever or enters a section
      // that still counts one writer inside. (A crash never gets here: a dead
      // thread runs no more code, and survivors take the lock over.)
      if (e instanceof DiskError) ports.sometimes("disk-error-handled");
      if (entered) yield* ports.mem.add(H.writerOccupancy, -1, "commit.leave-on-error");
      yield* releaseLock(ports, H.writerLock, "commit.lock", flaws);
      throw e;
    }
    yield* ports.mem.add(H.writerOccupancy, -1, "commit.leave");
    yield* releaseLock(ports, H.writerLock, "commit.lock", flaws);
    yield* ports.mem.add(H.commitsSinceGc, 1, "commit.count");
    return ts;
  }

  *abort(ports: Ports): Gen<void> {
    if (this.phase === "aborted") return;
    if (this.phase === "committed") throw new TxnStateError(this.id, "committed", "abort");
    yield* setTxnState(ports, this.rec, TXN_ABORTED, 0, "abort.mark");
    for (const w of this.writes.values()) yield* ports.mem.store64(w.version + VN.stamp, STAMP_ABORTED, "abort.stamp");
    yield* this.finish(ports, "aborted");
  }

  private *finish(ports: Ports, phase: "committed" | "aborted"): Gen<void> {
    yield* freeTxnRecord(ports, this.rec.addr, "txn.free-record");
    yield* ports.mem.store(this.slot.addr + RS.txn, 0, "reader.clear-txn");
    yield* releaseReaderSlot(ports, this.slot.addr);
    ports.observe("snapshot-close", { txn: this.id });
    this.phase = phase;
  }

  private expectActive(op: string): void {
    if (this.phase !== "active") throw new TxnStateError(this.id, this.phase, op);
  }
}

function* allocVersion(ports: Ports, txn: number, epoch: number, handle: number, byteLen: number): Gen<number> {
  let v: number;
  try {
    v = yield* ports.mem.alloc(VERSION_WORDS, "txn.alloc-version");
  } catch (e) {
    if (e instanceof ArenaFullError) throw new CapacityError("arena", `no room for a version: ${e.message}`);
    throw e;
  }
  const block = new Int32Array(VERSION_WORDS);
  block[VN.txn] = txn;
  block[VN.kind] = KIND_VERSION;
  block[VN.epoch] = epoch;
  block[VN.handle] = handle % 2 ** 32 | 0;
  block[VN.handle + 1] = Math.floor(handle / 2 ** 32);
  block[VN.byteLen] = byteLen;
  yield* ports.mem.write(v, block, "txn.init-version");
  yield* ports.mem.add(H.liveVersions, 1, "stats.versions");
  yield* ports.mem.add(H.liveWords, VERSION_WORDS, "stats.live-words");
  return v;
}
