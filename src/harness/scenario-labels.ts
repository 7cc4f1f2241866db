// The step labels scenarios may aim crash points at, in one place (the names
// are the engine's own step labels, from src/engine). When the engine renames
// a label, fix it here and in the scenarios that use it; the validator and
// test/harness/scenario-files.test.ts point at every file that needs it.
// Contract: the validator refuses a crash point whose label is not listed, so a
// typo cannot turn an aimed crash into a run without one.

export const CRASH_POINT_LABELS = {
  /** Marking a txn committed: its versions become visible (src/engine/transaction.ts). */
  commitPublish: "commit.publish",
  /** Stamping commit timestamps on a txn's versions. */
  commitStamp: "commit.stamp",
  /** Taking the writer lock (src/engine/arena-lock.ts, lock "commit.lock"). */
  writerLockAcquire: "commit.lock.acquire",
  /** Just inside the writer lock: the holder dies holding it. */
  writerLockHeld: "commit.enter",
  /** Appending a batch to the WAL (src/engine/durability/wal-commit-log.ts). */
  walAppend: "wal.append",
  /** The group-commit leader's fsync of a WAL batch. */
  walFsync: "wal.fsync",
  /** Writing a checkpoint's sorted run file (src/engine/durability/checkpoint.ts). */
  checkpointWrite: "ckpt.run.write",
  /** Renaming the checkpoint manifest into place. */
  checkpointManifestRename: "ckpt.manifest.rename",
  /** Deleting WAL segments a checkpoint made redundant (WAL truncation). */
  walTruncate: "ckpt.wal.unlink",
  /** Sending a dirty-key batch to the checkpointer's bounded channel. */
  dirtySend: "dirty.send",
  /** The checkpointer's periodic poll of the dirty channel: a clock for "later on", after faults stop. */
  checkpointerTick: "dirty.aggregate.tick",
  /** GC unlinking versions no snapshot needs (src/engine/gc.ts). */
  gcUnlink: "gc.unlink",
  /** A reader claiming a slot, then publishing its snapshot (src/engine/reader-slots.ts). */
  readerClaimSlot: "reader.claim-slot",
  readerPublishSnapshot: "reader.publish-snapshot",
} as const;

export const KNOWN_CRASH_LABELS: readonly string[] = Object.values(CRASH_POINT_LABELS).sort();
