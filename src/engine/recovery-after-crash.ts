// Recovery after a process crash, run by survivors: finish or abort the dead
// process's transactions (stamping their versions), free its reader slots, and
// advance the epoch. Serialised by the recovery lock
// (which a survivor takes over if its holder died too); every step is
// idempotent, so a recoverer that dies half-way leaves work the next one redoes.
// Contract: no committed txn loses a version; no uncommitted one becomes visible.
import { acquireLock, releaseLock } from "./arena-lock.js";
import type { EngineCtx } from "./context.js";
import {
  H,
  RS,
  STAMP_ABORTED,
  TX,
  TXN_ABORTED,
  TXN_ACTIVE,
  TXN_COMMITTED,
  TXN_COMMITTING,
  VN,
  packState,
  readerSlotAddr,
  stateOf,
  tsOf,
} from "./layout.js";
import type { Gen, Ports } from "./ports.js";
import { freeTxnRecord, loggedWrites, ownerOfTxn } from "./txn-table.js";

export interface RecoveryReport {
  readonly committed: number;
  readonly aborted: number;
  readonly readerSlots: number;
}

export function* recoverDeadProcesses(ctx: EngineCtx, ports: Ports): Gen<RecoveryReport> {
  const { mem } = ports;
  const l = ctx.layout;
  yield* acquireLock(ports, H.recoveryLock, "recovery.lock");
  let committed = 0;
  let aborted = 0;
  let readerSlots = 0;
  try {
    for (let i = 0; i < l.txnSlotCount; i++) {
      const addr = l.txnTable + i * l.txnRecordWords;
      const id = yield* mem.load(addr + TX.id, "recovery.scan-txn");
      if (id === 0) continue;
      const pid = yield* mem.load(addr + TX.ownerPid, "recovery.scan-owner");
      if (pid === 0 || ports.procs.isAlive(pid)) continue;
      // BUGGIFY: recovery is slow; the survivors' commits go on meanwhile.
      if (ports.buggify("recovery.before-record")) yield* ports.sched.sleep(500, "buggify.recovery.before-record");
      if (yield* recoverRecord(ctx, ports, addr, id)) {
        ports.sometimes("dead-commit-recovered");
        committed++;
      }
      else aborted++;
    }
    for (let i = 0; i < l.readerSlotCount; i++) {
      const addr = readerSlotAddr(l, i);
      const pid = yield* mem.load(addr + RS.pid, "recovery.scan-reader");
      if (pid === 0 || ports.procs.isAlive(pid)) continue;
      if ((yield* mem.cas(addr + RS.pid, pid, 0, "recovery.free-reader-slot")) === pid) {
        ports.sometimes("stale-reader-cleanup");
        readerSlots++;
      }
    }
    // Hazard records of dead threads are left alone: reclaim ignores them and a
    // new thread takes one over (clearing it here could race with that takeover).
    if (committed + aborted + readerSlots > 0) yield* mem.add(H.epoch, 1, "recovery.advance-epoch");
  } finally {
    yield* releaseLock(ports, H.recoveryLock, "recovery.lock");
  }
  return { committed, aborted, readerSlots };
}

/** Decides a dead owner's txn, stamps its logged versions, frees the record. True if committed. */
function* recoverRecord(ctx: EngineCtx, ports: Ports, addr: number, id: number): Gen<boolean> {
  const { mem } = ports;
  const word = yield* mem.load64(addr + TX.state, "recovery.read-state");
  const state = stateOf(word);
  const ts = tsOf(word);
  let finish: boolean;
  if (state === TXN_COMMITTED) finish = true;
  else if (state === TXN_ABORTED || state === TXN_ACTIVE || ts === 0) finish = false;
  else if (state === TXN_COMMITTING) {
    // Durable (logged) commits may be finished; the in-memory log keeps nothing.
    const resolve = ctx.commitLog.resolveDeadCommit;
    finish = resolve ? (yield* resolve.call(ctx.commitLog, ports, id, ts)) === "finish" : false;
  } else finish = false;
  const final = finish ? packState(TXN_COMMITTED, ts) : packState(TXN_ABORTED, 0);
  if (final !== word) {
    yield* mem.store64(addr + TX.state, final, "recovery.decide");
    yield* mem.notify(addr + TX.state);
  }
  const stamp = finish ? ts : STAMP_ABORTED;
  for (const v of yield* loggedWrites(ports, addr)) {
    // Only unstamped versions: a stamp already written stays (it is the truth, or the fractured-commit defect).
    yield* mem.cas64(v + VN.stamp, 0, stamp, "recovery.stamp");
  }
  yield* freeTxnRecord(ports, addr, "recovery.free-record");
  return finish;
}

/** If `txnId`'s owner is dead, runs a recovery pass; true when it did. */
export function* recoverIfOwnerDead(ctx: EngineCtx, ports: Ports, txnId: number): Gen<boolean> {
  const pid = yield* ownerOfTxn(ctx, ports, txnId);
  if (pid === 0 || ports.procs.isAlive(pid)) return false;
  yield* recoverDeadProcesses(ctx, ports);
  return true;
}
