// Where everything lives in the shared arena: the root header in the reserved
// words, and the word layout of every block type (slots, records, nodes).
// Contract: every process that maps the arena agrees on these offsets; the
// capacities are written into the header once and read back by attachers.

/** Words of the root header; must fit in the world's reservedWords. */
export const HEADER_WORDS = 44;
/** Marks an initialised engine arena. */
export const ENGINE_MAGIC = 0x4d564343;
/** The magic word while process `pid` builds the arena: -pid (a survivor redoes it if pid died). */
export function magicInitialising(pid: number): number {
  return -pid;
}

/** Root header word offsets (64-bit fields at even offsets). */
export const H = {
  magic: 0,
  hlc: 2, // 64: last allocated HLC, relative physical ms << 16 | logical
  hlcBaseMs: 4, // 64: wall ms at first open; HLC physical is relative to it
  writerLock: 6, // 64: owner id, 0 = free
  gcLock: 8, // 64
  recoveryLock: 10, // 64
  valueCursor: 12, // 64: next free data word of the value store
  epoch: 14,
  commitsSinceGc: 15,
  txnCounter: 16,
  keyCount: 17,
  retiredHead: 18,
  writerOccupancy: 19, // threads inside the writer critical section (asserted <= 1)
  liveWords: 20,
  liveVersions: 21,
  garbageVersions: 22,
  buckets: 23,
  bucketCount: 24,
  readerSlots: 25,
  readerSlotCount: 26,
  txnTable: 27,
  txnSlotCount: 28,
  txnMaxWrites: 29,
  hazards: 30,
  hazardRecords: 31,
  valueDir: 32,
  valueSegments: 33,
  valueSegmentWords: 34,
  keysMax: 35,
  gcEveryCommits: 36,
  hlcLogicalBits: 37,
  hlcCeiling: 38, // 64: no ts above it is handed out until a larger one is durable (timestamp-lease.ts)
  gcHorizon: 40, // 64: the oldest snapshot the last GC round kept versions for (gc.ts); readers check they are not older
  gcOrphans: 42, // first node of a chain tail GC is unlinking and retiring, 0 = none (a dead GC's next round finishes it)
  gcOrphansParent: 43, // the node that linked that tail, set once gcOrphans is
} as const;

/** Reader slot: 16 words (64 bytes), one per open snapshot. */
export const READER_SLOT_WORDS = 16;
export const RS = { pid: 0, tid: 1, snapshot: 2, epoch: 4, txn: 5, heartbeat: 6 } as const;

/** Transaction record: fixed head, then the write log (version pointers). */
export const TX = { id: 0, ownerPid: 1, state: 2, startTs: 4, ownerTid: 6, writeCount: 7, writes: 8 } as const;
export function txnRecordWords(maxWrites: number): number {
  const n = TX.writes + maxWrites;
  return n + (n % 2);
}

/** Txn states, packed with the commit ts into one 64-bit word: ts * 8 + state. */
export const TXN_FREE = 0;
export const TXN_ACTIVE = 1;
export const TXN_COMMITTING = 2;
export const TXN_COMMITTED = 3;
export const TXN_ABORTED = 4;
export type TxnStateCode = 0 | 1 | 2 | 3 | 4;

export function packState(state: TxnStateCode, ts: number): number {
  return ts * 8 + state;
}
export function stateOf(word: number): TxnStateCode {
  return (word % 8) as TxnStateCode;
}
export function tsOf(word: number): number {
  return Math.floor(word / 8);
}

/** Block kinds, stored in each retirable block so reclaim knows what it frees. */
export const KIND_NODE = 1;
export const KIND_VERSION = 2;

/** Fat node: 8 version slots filled in order (slot 7 newest), linked to an older node. */
export const FAT_SLOTS = 8;
export const NODE_WORDS = 12;
export const FN = { next: 0, retireNext: 1, kind: 2, slots: 4 } as const;
/** A slot GC emptied: never reused, skipped by readers. */
export const SLOT_DROPPED = -1;

/** Version: who wrote it, its commit stamp and its value. */
export const VERSION_WORDS = 10;
export const VN = { txn: 0, retireNext: 1, kind: 2, epoch: 3, stamp: 4, handle: 6, byteLen: 8 } as const;
/** Stamp of a version whose txn aborted; 0 = unresolved (ask the txn table); > 0 = commit ts. */
export const STAMP_ABORTED = -1;

/** Key entry in a hash bucket list: immutable except chainHead. */
export const KE = { next: 0, chainHead: 1, hash: 2, byteLen: 3, key: 4 } as const;

/** Hazard record: owner id and four protected addresses. */
export const HAZARD_RECORD_WORDS = 8;
export const HAZARDS_PER_THREAD = 4;
export const HZ = { owner: 0, slots: 2 } as const;
/** Hazard slot roles used by the reader. */
export const HP_NODE = 0;
export const HP_NEXT_NODE = 1;
export const HP_VERSION = 2;

/** Value segment: number, dead-word count, then data words. */
export const SEG = { segNo: 0, deadWords: 1, data: 2 } as const;

/** Owner ids for 64-bit lock words: unique per thread, pid recoverable. */
const OWNER_TID_SPAN = 1 << 21;
export function ownerId(pid: number, tid: number): number {
  return pid * OWNER_TID_SPAN + tid + 1;
}
export function ownerPid(owner: number): number {
  return Math.floor((owner - 1) / OWNER_TID_SPAN);
}
export function ownerTid(owner: number): number {
  return (owner - 1) % OWNER_TID_SPAN;
}

/** Addresses and capacities of one engine arena, read from its header. */
export interface EngineLayout {
  readonly buckets: number;
  readonly bucketCount: number;
  readonly readerSlots: number;
  readonly readerSlotCount: number;
  readonly txnTable: number;
  readonly txnSlotCount: number;
  readonly txnMaxWrites: number;
  readonly txnRecordWords: number;
  readonly hazards: number;
  readonly hazardRecords: number;
  readonly valueDir: number;
  readonly valueSegments: number;
  readonly valueSegmentWords: number;
  readonly keysMax: number;
  readonly gcEveryCommits: number;
  readonly hlcLogicalBits: number;
}

export function readerSlotAddr(l: EngineLayout, i: number): number {
  return l.readerSlots + i * READER_SLOT_WORDS;
}
export function txnRecordAddr(l: EngineLayout, txnId: number): number {
  return l.txnTable + (txnId % l.txnSlotCount) * l.txnRecordWords;
}
export function hazardRecordAddr(l: EngineLayout, i: number): number {
  return l.hazards + i * HAZARD_RECORD_WORDS;
}
