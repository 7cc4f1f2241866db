// Options of the durability layer, with units in the names, and the names of the
// seed defects it can switch on. Contract: every process attached to one log
// uses the same options; `resolveDurabilityOptions` fills defaults and throws one
// line naming the bad field.
import type { Gen, Ports } from "../ports.js";
import type { CommittedTxn } from "./wal-replay.js";

export const DURABILITY_BUGS = [
  "wal-apply-error-swallowed",
  "commit-ack-before-fsync",
  "torn-wal-tail-accepted",
  "dirty-try-send-drop",
] as const;
export type DurabilityBug = (typeof DURABILITY_BUGS)[number];

/** Runs after a commit is durable, in the committer's thread (e.g. the memtable apply). */
export type ApplyCommit = (ports: Ports, txn: CommittedTxn) => Gen<void>;

export interface DurabilityOptions {
  /** Directory of the WAL segments, run files and manifest. */
  readonly dir: string;
  /** Bug switches by exact name; others' names are ignored. */
  readonly bugs: ReadonlySet<string>;
  /** Published-but-not-durable commits at most (the group-commit queue ring). */
  readonly queueSlots: number;
  /** Commits one leader writes with one fsync at most; 1 = one fsync per commit. */
  readonly batchCommitsMax: number;
  /** Sequence numbers per epoch; a WAL segment holds one epoch. */
  readonly epochSeqs: number;
  /** Epochs the dirty tracker holds before it stops draining (backpressure). */
  readonly ringEpochs: number;
  /** Dirty-key batches the bounded channel holds. */
  readonly channelBatches: number;
  /** false: no dirty tracking and no checkpoints (the WAL only grows). */
  readonly dirtyTracking: boolean;
  /** Run files kept before a checkpoint merges them into one. */
  readonly runsMax: number;
  /** Recent commits whose txn ids are kept to resolve a dead process's commit. */
  readonly deadCommitWindow: number;
  /** How often a waiter re-checks for a dead lock owner or leader. */
  readonly pollUs: number;
  /** A writer stalled on backpressure longer than this gets a WriteStallError. */
  readonly stallUsMax: number;
  /**
   * 1: the harness logs single-key writes to the WAL first and applies them to
   * the engine afterwards, in `apply` (the seed's DB.put: WAL, then memtable);
   * 0: they commit through the engine like transactions. Read by the harness.
   */
  readonly singleKeyWritesLogFirst: number;
  /** The memtable apply of each logged commit; a failure fails the commit (WalApplyError). */
  readonly apply?: ApplyCommit;
}

export const DEFAULT_DURABILITY: Omit<DurabilityOptions, "dir"> = {
  bugs: new Set(),
  queueSlots: 256,
  batchCommitsMax: 256,
  epochSeqs: 64,
  ringEpochs: 4,
  channelBatches: 64,
  dirtyTracking: true,
  runsMax: 4,
  deadCommitWindow: 4096,
  pollUs: 2_000,
  stallUsMax: 2_000_000,
  singleKeyWritesLogFirst: 0,
};

export function resolveDurabilityOptions(partial: Partial<DurabilityOptions> & { dir: string }): DurabilityOptions {
  const o: DurabilityOptions = { ...DEFAULT_DURABILITY, ...partial };
  const positive = ["queueSlots", "batchCommitsMax", "epochSeqs", "ringEpochs", "channelBatches", "runsMax", "deadCommitWindow", "pollUs", "stallUsMax"] as const;
  for (const f of positive) {
    const v = o[f];
    if (!Number.isInteger(v) || v < 1) throw new Error(`durability options: ${f}: expected an integer >= 1, got ${JSON.stringify(v)}`);
  }
  if (o.singleKeyWritesLogFirst !== 0 && o.singleKeyWritesLogFirst !== 1) {
    throw new Error(`durability options: singleKeyWritesLogFirst: expected 0 or 1, got ${JSON.stringify(o.singleKeyWritesLogFirst)}`);
  }
  if (o.ringEpochs < 2) throw new Error(`durability options: ringEpochs: expected >= 2 (one open, one closing), got ${o.ringEpochs}`);
  if (o.dir === "" || o.dir.endsWith("/")) throw new Error(`durability options: dir: expected a path without a trailing '/', got "${o.dir}"`);
  return o;
}

export function epochOf(seq: number, epochSeqs: number): number {
  return Math.floor((seq - 1) / epochSeqs);
}
