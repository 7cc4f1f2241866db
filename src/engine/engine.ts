// The engine as one process opens it: open() initialises the shared arena the
// first time and attaches (recovering after dead processes) afterwards;
// begin() starts a snapshot transaction; get/put/delete/cas are linearizable
// single-key operations run as one-op transactions, retried on conflict.
// Contract: every method runs on the calling thread's ports; all shared state
// is in the arena, so any number of processes may open the same arena.
import { NO_BUGS, type BugName } from "./bugs.js";
import type { TimestampLease } from "./timestamp-lease.js";
import { memoryCommitLog, type CommitLog } from "./commit-log.js";
import type { EngineCtx } from "./context.js";
import { ArenaFormatError, CapacityError, ConflictError } from "./errors.js";
import { observeMemory, runGc, type GcResult } from "./gc.js";
import { claimTxnRecord } from "./txn-table.js";
import {
  ENGINE_MAGIC,
  H,
  HAZARD_RECORD_WORDS,
  HEADER_WORDS,
  magicInitialising,
  READER_SLOT_WORDS,
  RS,
  txnRecordWords,
  type EngineLayout,
} from "./layout.js";
import { ArenaFullError, type Gen, type Ports } from "./ports.js";
import { claimReaderSlot, releaseReaderSlot } from "./reader-slots.js";
import { recoverDeadProcesses, type RecoveryReport } from "./recovery-after-crash.js";
import { Txn } from "./transaction.js";

export interface EngineConfig {
  readonly bugs?: ReadonlySet<BugName>;
  /** Hash buckets of the key index. */
  readonly bucketCount?: number;
  /** Distinct keys the index accepts before CapacityError. */
  readonly keysMax?: number;
  /** Snapshots open at once. */
  readonly readerSlots?: number;
  /** Transactions in flight at once (records of the txn table). */
  readonly txnSlots?: number;
  /** Keys one transaction may write. */
  readonly maxWritesPerTxn?: number;
  /** Threads that may read chains at once (hazard records). */
  readonly hazardRecords?: number;
  /** Value store: words per segment and segments mapped at once. */
  readonly valueSegmentWords?: number;
  readonly valueSegments?: number;
  /** A commit runs GC when this many commits happened since the last one; 0 = never. */
  readonly gcEveryCommits?: number;
  /** Single-key operations give up after this many conflicts in a row. */
  readonly retriesMax?: number;
  readonly commitLog?: CommitLog;
  /**
   * First open only: the HLC starts above this ts (after a power loss, the
   * largest recovered commit ts), so new commits sort after recovered ones.
   */
  readonly hlcFloor?: number;
  /** Durable ceiling for the HLC (timestamp-lease.ts); absent: nothing outlives the arena. */
  readonly timestampLease?: TimestampLease;
  /** Width of the HLC logical counter (default 16); narrower reaches the per-ms carry sooner. */
  readonly hlcLogicalBits?: number;
  readonly onWrite?: (ports: Ports, key: string) => Gen<void>;
}

export const DEFAULT_ENGINE_CONFIG = {
  bucketCount: 64,
  keysMax: 1024,
  readerSlots: 16,
  txnSlots: 32,
  maxWritesPerTxn: 16,
  hazardRecords: 16,
  valueSegmentWords: 256,
  valueSegments: 64,
  gcEveryCommits: 16,
  retriesMax: 10_000,
  hlcLogicalBits: 16,
} as const;

export interface EngineStats {
  readonly liveWords: number;
  readonly liveVersions: number;
  /** Retired blocks not yet freed (hazard-protected or awaiting reclaim). */
  readonly garbageBlocks: number;
  readonly keys: number;
  readonly epoch: number;
  readonly hlc: number;
  readonly commitsSinceGc: number;
}

export function* openEngine(ports: Ports, config: EngineConfig = {}): Gen<Engine> {
  const { mem } = ports;
  let magic = yield* mem.load(H.magic, "open.magic");
  while (magic !== ENGINE_MAGIC) {
    if (magic > 0) throw new ArenaFormatError("magic", `0x${ENGINE_MAGIC.toString(16)}`, magic);
    // 0: nobody built the arena yet; -pid: pid is building it (or died doing so).
    const builder = -magic;
    if (magic === 0 || !ports.procs.isAlive(builder)) {
      const seen = yield* mem.cas(H.magic, magic, magicInitialising(ports.pid), "open.claim-init");
      if (seen === magic) {
        yield* initialise(ports, config);
        break;
      }
      magic = seen;
      continue;
    }
    yield* mem.wait(H.magic, magic, 1000, "open.wait-init");
    magic = yield* mem.load(H.magic, "open.magic");
  }
  const h = yield* mem.read(0, HEADER_WORDS, "open.read-header");
  const layout: EngineLayout = {
    buckets: h[H.buckets]!,
    bucketCount: h[H.bucketCount]!,
    readerSlots: h[H.readerSlots]!,
    readerSlotCount: h[H.readerSlotCount]!,
    txnTable: h[H.txnTable]!,
    txnSlotCount: h[H.txnSlotCount]!,
    txnMaxWrites: h[H.txnMaxWrites]!,
    txnRecordWords: txnRecordWords(h[H.txnMaxWrites]!),
    hazards: h[H.hazards]!,
    hazardRecords: h[H.hazardRecords]!,
    valueDir: h[H.valueDir]!,
    valueSegments: h[H.valueSegments]!,
    valueSegmentWords: h[H.valueSegmentWords]!,
    keysMax: h[H.keysMax]!,
    gcEveryCommits: h[H.gcEveryCommits]!,
    hlcLogicalBits: h[H.hlcLogicalBits]!,
  };
  const baseMs = yield* mem.load64(H.hlcBaseMs, "open.read-hlc-base");
  const ctx: EngineCtx = {
    layout,
    bugs: config.bugs ?? NO_BUGS,
    commitLog: config.commitLog ?? memoryCommitLog,
    ...(config.timestampLease ? { timestampLease: config.timestampLease } : {}),
    onWrite: config.onWrite,
    hazardRecordOf: new Map(),
  };
  // Attaching after a crash: clean up what dead processes left behind.
  yield* recoverDeadProcesses(ctx, ports);
  return new Engine(ctx, baseMs, config.retriesMax ?? DEFAULT_ENGINE_CONFIG.retriesMax);
}

function* initialise(ports: Ports, config: EngineConfig): Gen<void> {
  const c = { ...DEFAULT_ENGINE_CONFIG, ...config };
  const { mem } = ports;
  const block = function* (words: number, what: string): Gen<number> {
    try {
      return yield* mem.alloc(words, `open.alloc-${what}`);
    } catch (e) {
      if (e instanceof ArenaFullError) throw new CapacityError("arena", `no room for the ${what} (${words} words)`);
      throw e;
    }
  };
  const recWords = txnRecordWords(c.maxWritesPerTxn);
  const h = new Int32Array(HEADER_WORDS);
  h[H.buckets] = yield* block(c.bucketCount, "buckets");
  h[H.bucketCount] = c.bucketCount;
  h[H.readerSlots] = yield* block(c.readerSlots * READER_SLOT_WORDS, "reader-slots");
  h[H.readerSlotCount] = c.readerSlots;
  h[H.txnTable] = yield* block(c.txnSlots * recWords, "txn-table");
  h[H.txnSlotCount] = c.txnSlots;
  h[H.txnMaxWrites] = c.maxWritesPerTxn;
  h[H.hazards] = yield* block(c.hazardRecords * HAZARD_RECORD_WORDS, "hazards");
  h[H.hazardRecords] = c.hazardRecords;
  h[H.valueDir] = yield* block(2 * c.valueSegments, "value-directory");
  h[H.valueSegments] = c.valueSegments;
  h[H.valueSegmentWords] = c.valueSegmentWords;
  h[H.keysMax] = c.keysMax;
  h[H.gcEveryCommits] = c.gcEveryCommits;
  if (!(c.hlcLogicalBits >= 1 && c.hlcLogicalBits <= 16)) throw new RangeError(`engine config: hlcLogicalBits must be 1..16, got ${c.hlcLogicalBits}`);
  h[H.hlcLogicalBits] = c.hlcLogicalBits;
  h[H.liveWords] =
    c.bucketCount + c.readerSlots * READER_SLOT_WORDS + c.txnSlots * recWords + c.hazardRecords * HAZARD_RECORD_WORDS + 2 * c.valueSegments;
  h[H.magic] = magicInitialising(ports.pid);
  const baseMs = ports.clock.wallMs();
  // HLC and its base are 64-bit: set after the bulk write.
  yield* mem.write(0, h, "open.write-header");
  yield* mem.store64(H.hlcBaseMs, baseMs, "open.hlc-base");
  // Snapshots are >= 1 (0 means "not yet published" in a reader slot).
  const floor = Math.max(1, config.hlcFloor ?? 0);
  yield* mem.store64(H.hlc, floor, "open.hlc-init");
  // The floor is durable already (it came from the disk): the first commit extends it.
  yield* mem.store64(H.hlcCeiling, floor, "open.hlc-ceiling");
  yield* mem.store(H.magic, ENGINE_MAGIC, "open.ready");
}

export class Engine {
  constructor(
    readonly ctx: EngineCtx,
    private readonly hlcBaseMs: number,
    private readonly retriesMax: number,
  ) {}

  /** Starts a snapshot transaction. Full slots or records first trigger a recovery pass. */
  *begin(ports: Ports): Gen<Txn> {
    try {
      return yield* this.tryBegin(ports);
    } catch (e) {
      // Dead processes may hold the slots or records: clean up, then try once more.
      if (!(e instanceof CapacityError)) throw e;
      yield* recoverDeadProcesses(this.ctx, ports);
      return yield* this.tryBegin(ports);
    }
  }

  private *tryBegin(ports: Ports): Gen<Txn> {
    const slot = yield* claimReaderSlot(this.ctx, ports);
    let rec;
    try {
      rec = yield* claimTxnRecord(this.ctx, ports, slot.snapshot);
    } catch (e) {
      yield* releaseReaderSlot(ports, slot.addr);
      throw e;
    }
    yield* ports.mem.store(slot.addr + RS.txn, rec.id, "reader.publish-txn");
    ports.observe("snapshot-open", { txn: rec.id, ts: slot.snapshot, pid: ports.pid });
    return new Txn(this.ctx, this.hlcBaseMs, rec, slot);
  }

  /** Snapshot read of the latest committed value (null = absent). */
  *get(ports: Ports, key: string): Gen<string | null> {
    return yield* this.oneOp(ports, function* (txn) {
      return yield* txn.get(ports, key);
    });
  }

  /** Writes `value`; returns the commit ts. */
  *put(ports: Ports, key: string, value: string): Gen<number> {
    return yield* this.oneOp(ports, function* (txn) {
      yield* txn.put(ports, key, value);
      return yield* txn.commit(ports);
    });
  }

  /** Deletes `key`; returns the commit ts. */
  *delete(ports: Ports, key: string): Gen<number> {
    return yield* this.oneOp(ports, function* (txn) {
      yield* txn.delete(ports, key);
      return yield* txn.commit(ports);
    });
  }

  /** Sets `key` to `value` iff it holds `expected` (null = absent); true if it did. */
  *cas(ports: Ports, key: string, expected: string | null, value: string): Gen<boolean> {
    return yield* this.oneOp(ports, function* (txn) {
      if ((yield* txn.get(ports, key)) !== expected) return false;
      yield* txn.put(ports, key, value);
      yield* txn.commit(ports);
      return true;
    });
  }

  /** Runs `body` in a fresh txn (committing a read-only one), retrying on conflict. */
  private *oneOp<T>(ports: Ports, body: (txn: Txn) => Gen<T>): Gen<T> {
    for (let attempt = 1; ; attempt++) {
      const txn = yield* this.begin(ports);
      try {
        const r = yield* body(txn);
        if (txn.state === "active") yield* txn.commit(ports);
        return r;
      } catch (e) {
        if (txn.state === "active" || txn.state === "doomed") yield* txn.abort(ports);
        if (!(e instanceof ConflictError) || attempt >= this.retriesMax) throw e;
      }
      // Back off a little longer each time so the winner can finish its commit.
      yield* ports.sched.sleep(1 + (attempt % 32) * 3, "op.backoff");
    }
  }

  /**
   * Loads data that is already durable (recovered after a power loss) as
   * committed versions, one key per txn, without logging it again.
   */
  *restore(ports: Ports, entries: Iterable<{ readonly key: string; readonly value: string | null }>): Gen<number> {
    let restored = 0;
    for (const { key, value } of entries) {
      if (value === null) continue;
      yield* this.oneOp(ports, function* (txn) {
        yield* txn.put(ports, key, value);
        return yield* txn.commit(ports, { skipLog: true });
      });
      restored++;
    }
    return restored;
  }

  /** One GC round (skipped if another thread is collecting). */
  *gc(ports: Ports): Gen<GcResult> {
    return yield* runGc(this.ctx, ports);
  }

  /** Cleans up after dead processes (also done lazily by begin, commit and GC). */
  *recover(ports: Ports): Gen<RecoveryReport> {
    return yield* recoverDeadProcesses(this.ctx, ports);
  }

  /** Starts a new epoch (recovery does this after cleaning up a dead process). */
  *advanceEpoch(ports: Ports): Gen<number> {
    return (yield* ports.mem.add(H.epoch, 1, "epoch.advance")) + 1;
  }

  /** Records a "memory" observation for the checkers. */
  *observeMemory(ports: Ports): Gen<void> {
    yield* observeMemory(ports);
  }

  *stats(ports: Ports): Gen<EngineStats> {
    const h = yield* ports.mem.read(0, HEADER_WORDS, "stats.read-header");
    return {
      liveWords: h[H.liveWords]!,
      liveVersions: h[H.liveVersions]!,
      garbageBlocks: h[H.garbageVersions]!,
      keys: h[H.keyCount]!,
      epoch: h[H.epoch]!,
      hlc: yield* ports.mem.load64(H.hlc, "stats.read-hlc"),
      commitsSinceGc: h[H.commitsSinceGc]!,
    };
  }
}
