// Group commit over the WAL: the CommitLog the engine calls. A committer encodes
// its records into an arena block, publishes it under the queue lock with the
// next seq (sending its dirty keys first), then waits for the "durable up to"
// word; whoever finds the leader lock free becomes leader, writes every published
// record as one append and one fsync, and advances the word. Contract: logCommit
// returns only after the fsync of the batch holding its record returned; an I/O
// error fails every commit of the batch and poisons the log (all later writes are
// refused) until it is reopened. All shared state lives in the arena.
import { DiskError, type Addr, type Gen, type Ports } from "../ports.js";
import { allocBytes, readBytes } from "./arena-bytes.js";
import { DirtyBuffers } from "./dirty-buffer.js";
import { sendDirty } from "./dirty-channel.js";
import { WalApplyError, WalIoError, WalPoisonedError } from "./durability-errors.js";
import { epochOf, type DurabilityOptions } from "./durability-options.js";
import { lock, tryLock, unlock } from "./owner-lock.js";
import { C, POISON_CODES, controlLayout, type ControlLayout } from "./wal-control.js";
import { encodeTxn, type KeyWrite } from "./wal-record.js";
import { segmentPath } from "./wal-segments.js";
import type { DiskErrorCode } from "../ports.js";
import type { CommitLog } from "../commit-log.js";

const TWO32 = 2 ** 32;

export class WalCommitLog implements CommitLog {
  readonly ctl: ControlLayout;
  /** Per-thread dirty buffers (each thread touches only its own). */
  private readonly dirty = new DirtyBuffers();
  /**
   * Diagnostics logged by this process (not history events: the history format
   * has no kind for them). The seed's swallowed apply errors end up here.
   */
  readonly notes: string[] = [];

  /** Binds to the control block at `base` (allocated by openDurability). */
  constructor(readonly options: DurabilityOptions, readonly base: Addr) {
    this.ctl = controlLayout(base, options);
  }

  /** Marks a key this thread wrote; sent with its next commit. */
  markDirty(ports: Ports, key: string): void {
    this.dirty.mark(ports.tid, key);
  }

  *poison(p: Ports): Gen<DiskErrorCode | undefined> {
    const code = yield* p.mem.load(this.base + C.POISON, "wal.poison.check");
    return code === 0 ? undefined : (POISON_CODES[code] as DiskErrorCode);
  }

  *logCommit(p: Ports, txnId: number, commitTs: number, writes: readonly KeyWrite[]): Gen<void> {
    const o = this.options;
    const b = this.base;
    const early = yield* this.poison(p);
    if (early) throw new WalPoisonedError(early);
    for (const w of writes) this.dirty.mark(p.tid, w.key);
    const keys = this.dirty.take(p.tid);

    // Publish: seq assignment, slot and dirty batch under the queue lock, so seqs
    // are dense and dirty batches reach the channel in seq order, before the seq.
    yield* lock(p, b + C.QUEUE_LOCK, "wal.queue.lock", o.pollUs);
    let seq: number;
    let payload: Addr | undefined;
    try {
      seq = yield* p.mem.load64(b + C.NEXT_SEQ, "wal.enqueue.seq");
      const bytes = encodeTxn(seq, txnId, commitTs, writes);
      for (;;) {
        const code = yield* this.poison(p);
        if (code) throw new WalPoisonedError(code);
        const durable = yield* p.mem.load64(b + C.DURABLE, "wal.enqueue.room");
        if (seq - durable <= o.queueSlots) break;
        // Queue ring full: help drain it rather than wait on a leader that may be gone.
        const tick = yield* p.mem.load(b + C.TICK, "wal.enqueue.tick");
        if ((yield* this.leadOnce(p)) === "busy") yield* p.mem.wait(b + C.TICK, tick, o.pollUs, "wal.enqueue.wait");
      }
      payload = yield* allocBytes(p.mem, bytes, "wal.enqueue.alloc");
      yield* p.mem.write(this.ctl.slot(seq), [payload, bytes.length], "wal.enqueue.slot");
      yield* p.mem.write(this.ctl.published(seq), [txnId % TWO32 | 0, Math.floor(txnId / TWO32)], "wal.enqueue.txn");
      if (o.dirtyTracking) yield* sendDirty(p, this.ctl, o, { seq, keys });
      yield* p.mem.store64(b + C.NEXT_SEQ, seq + 1, "wal.enqueue");
      payload = undefined;
    } finally {
      if (payload !== undefined) yield* p.mem.free(payload, "wal.enqueue.free");
      yield* unlock(p, b + C.QUEUE_LOCK, "wal.queue.unlock");
    }

    yield* this.waitDurable(p, seq);

    if (o.apply) {
      try {
        yield* o.apply(p, { seq, txnId, commitTs, writes });
      } catch (e) {
        if (!o.bugs.has("wal-apply-error-swallowed")) throw new WalApplyError(seq, e);
        // The seed only logs it: the commit is acknowledged yet invisible until restart.
        this.notes.push(`apply of seq ${seq} (txn ${txnId}) failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  /**
   * A dead process left `txnId` committing: "finish" if its record was published
   * (it is then made durable here), "abort" if it never was or its batch failed.
   * Taking the queue lock first ends any publish the dead process had half done.
   * Limit: only the last deadCommitWindow commits are remembered; the engine
   * resolves dead commits at its next GC, long before that many commits pass.
   */
  *resolveDeadCommit(p: Ports, txnId: number, _commitTs: number): Gen<"finish" | "abort"> {
    const o = this.options;
    const b = this.base;
    yield* lock(p, b + C.QUEUE_LOCK, "wal.queue.lock", o.pollUs);
    let found: number | undefined;
    try {
      const next = yield* p.mem.load64(b + C.NEXT_SEQ, "wal.resolve.next");
      const first = Math.max(1, next - o.deadCommitWindow);
      // One read of the whole ring: it is only written under the queue lock we hold.
      const ring = yield* p.mem.read(this.ctl.published(0), 2 * o.deadCommitWindow, "wal.resolve.read");
      for (let s = next - 1; s >= first && found === undefined; s--) {
        const i = 2 * (s % o.deadCommitWindow);
        if ((ring[i]! >>> 0) + ring[i + 1]! * TWO32 === txnId) found = s;
      }
    } finally {
      yield* unlock(p, b + C.QUEUE_LOCK, "wal.queue.unlock");
    }
    if (found === undefined) return "abort";
    try {
      yield* this.waitDurable(p, found);
      return "finish";
    } catch (e) {
      if (e instanceof WalIoError) return "abort";
      throw e;
    }
  }

  /** Returns once `seq` is durable, leading batches as needed; throws if its batch failed. */
  *waitDurable(p: Ports, seq: number): Gen<void> {
    const b = this.base;
    for (;;) {
      const tick = yield* p.mem.load(b + C.TICK, "wal.wait.tick");
      const durable = yield* p.mem.load64(b + C.DURABLE, "wal.wait.durable");
      if (durable >= seq) return;
      const code = yield* this.poison(p);
      if (code) throw new WalIoError(code, seq, "its batch was not made durable");
      const r = yield* this.leadOnce(p);
      if (r === "busy") yield* p.mem.wait(b + C.TICK, tick, this.options.pollUs, "wal.wait");
    }
  }

  /**
   * One leader round if the leader lock is free: every published commit (up to
   * batchCommitsMax) is appended and fsynced once, the segment rolled at epoch
   * boundaries, then DURABLE advanced and TICK bumped.
   */
  *leadOnce(p: Ports): Gen<"led" | "busy" | "idle"> {
    const o = this.options;
    const b = this.base;
    if (!(yield* tryLock(p, b + C.LEADER_LOCK, "wal.leader.lock"))) return "busy";
    const toFree: Addr[] = [];
    try {
      if ((yield* this.poison(p)) !== undefined) return "idle";
      const durable = yield* p.mem.load64(b + C.DURABLE, "wal.leader.durable");
      const next = yield* p.mem.load64(b + C.NEXT_SEQ, "wal.leader.next");
      const last = Math.min(next - 1, durable + o.batchCommitsMax);
      if (last <= durable) return "idle";
      let segStart = yield* p.mem.load64(b + C.SEG_START, "wal.leader.segment");
      let segCreated = (yield* p.mem.load(b + C.SEG_CREATED, "wal.leader.segment")) === 1;
      // Group the batch by segment: a new epoch starts a new segment.
      const groups: { start: number; last: number; parts: Uint8Array[] }[] = [];
      for (let s = durable + 1; s <= last; s++) {
        const slot = yield* p.mem.read(this.ctl.slot(s), 2, "wal.leader.slot");
        toFree.push(slot[0]!);
        const bytes = yield* readBytes(p.mem, slot[0]!, slot[1]!, "wal.leader.read");
        const g = groups[groups.length - 1];
        const sameSegment = g ? epochOf(s, o.epochSeqs) === epochOf(g.start, o.epochSeqs) : true;
        if (g && sameSegment) {
          g.parts.push(bytes);
          g.last = s;
        } else groups.push({ start: s, last: s, parts: [bytes] });
      }
      for (const g of groups) {
        const rolls = epochOf(g.start, o.epochSeqs) !== epochOf(segStart, o.epochSeqs);
        if (rolls) {
          segStart = g.start;
          segCreated = false;
        }
        const path = segmentPath(o.dir, segStart);
        yield* p.files.append(path, concat(g.parts), "wal.append");
        if (o.bugs.has("commit-ack-before-fsync")) yield* this.publishDurable(p, g.last);
        yield* p.files.fsync(path, "wal.fsync");
        if (!segCreated) {
          // A new segment's name must be durable before anything in it is acknowledged.
          yield* p.files.fsyncDir(o.dir, "wal.roll.fsyncDir");
          segCreated = true;
        }
        if (rolls) yield* p.mem.store64(b + C.SEG_START, segStart, "wal.roll");
        yield* p.mem.store(b + C.SEG_CREATED, 1, "wal.roll");
        yield* this.publishDurable(p, g.last);
      }
      return "led";
    } catch (e) {
      if (!(e instanceof DiskError)) throw e;
      p.sometimes("disk-error-handled");
      // Poison: we cannot know what reached the disk, so nothing more is written.
      yield* p.mem.store(b + C.POISON, POISON_CODES.indexOf(e.code), "wal.poison");
      yield* p.mem.add(b + C.TICK, 1, "wal.tick");
      yield* p.mem.notify(b + C.TICK);
      return "led";
    } finally {
      yield* unlock(p, b + C.LEADER_LOCK, "wal.leader.unlock");
      for (const a of toFree) yield* p.mem.free(a, "wal.leader.free");
    }
  }

  private *publishDurable(p: Ports, seq: number): Gen<void> {
    const b = this.base;
    const cur = yield* p.mem.load64(b + C.DURABLE, "wal.durable");
    if (seq > cur) yield* p.mem.store64(b + C.DURABLE, seq, "wal.durable");
    yield* p.mem.add(b + C.TICK, 1, "wal.tick");
    yield* p.mem.notify(b + C.TICK);
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const x of parts) n += x.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const x of parts) {
    out.set(x, at);
    at += x.length;
  }
  return out;
}
