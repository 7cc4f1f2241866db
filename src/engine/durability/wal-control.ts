// The arena block shared by every thread and process using one log: counters,
// lock words, futex words, the group-commit queue ring, the dirty-key channel
// ring and the ring of recently published txn ids. Contract: the layout is fixed by the options (same in every
// process); 64-bit fields sit at even offsets from an even base.
import type { Addr, Gen, Memory } from "../ports.js";
import type { DurabilityOptions } from "./durability-options.js";

export const C = {
  /** Next seq to publish; seqs below it are in the queue ring or durable. */
  NEXT_SEQ: 0,
  /** Every seq <= this is durable in the WAL. */
  DURABLE: 2,
  /** First seq of the segment the leader writes to. */
  SEG_START: 4,
  /** Every seq <= this is in the installed checkpoint. */
  CKPT_SEQ: 6,
  /** Dirty channel: batches consumed / produced. */
  CHAN_HEAD: 8,
  CHAN_TAIL: 10,
  QUEUE_LOCK: 12,
  LEADER_LOCK: 13,
  /** 0, or the code of the I/O error that poisoned the log (see POISON_CODES). */
  POISON: 14,
  /** Bumped after each leader round and on poisoning: committers wait on it. */
  TICK: 15,
  /** 1 once the current segment's directory entry is durable. */
  SEG_CREATED: 16,
  /** pid + 1 of the checkpointer that runs (0: none ever started). */
  CKPT_PID: 17,
  /** Bumped per dirty batch sent (the aggregator waits on it). */
  CHAN_TICK: 18,
  /** Bumped per dirty batch drained (stalled senders wait on it). */
  HEAD_TICK: 19,
  SLOTS: 20,
} as const;

export const POISON_CODES = ["", "EIO", "ENOSPC", "ENOENT"] as const;

export interface ControlLayout {
  readonly base: Addr;
  readonly words: number;
  /** [payload addr, byte length] of the commit with seq s (until it is durable). */
  slot(seq: number): Addr;
  /** [txn id low, txn id high] of the commit with seq s, kept for deadCommitWindow seqs. */
  published(seq: number): Addr;
  /** [seq (64), payload addr, byte length] of the n-th batch sent. */
  chanSlot(n: number): Addr;
}

export function controlLayout(base: Addr, o: DurabilityOptions): ControlLayout {
  const chanBase = base + C.SLOTS + 2 * o.queueSlots;
  const pubBase = chanBase + 4 * o.channelBatches;
  return {
    base,
    words: C.SLOTS + 2 * o.queueSlots + 4 * o.channelBatches + 2 * o.deadCommitWindow,
    slot: (seq) => base + C.SLOTS + 2 * (seq % o.queueSlots),
    published: (seq) => pubBase + 2 * (seq % o.deadCommitWindow),
    chanSlot: (n) => chanBase + 4 * (n % o.channelBatches),
  };
}

/** Allocates and initialises the block for a log whose next seq is `nextSeq`. */
export function* allocControl(mem: Memory, o: DurabilityOptions, nextSeq: number, ckptSeq: number): Gen<Addr> {
  const words = controlLayout(0, o).words;
  const base = yield* mem.alloc(words + (words % 2), "wal.control.alloc");
  yield* mem.store64(base + C.NEXT_SEQ, nextSeq, "wal.control.init");
  yield* mem.store64(base + C.DURABLE, nextSeq - 1, "wal.control.init");
  yield* mem.store64(base + C.SEG_START, nextSeq, "wal.control.init");
  yield* mem.store64(base + C.CKPT_SEQ, ckptSeq, "wal.control.init");
  return base;
}
