// The step labels scenarios may aim crash points at, in one place: the engine's
// labels are not final, so when they change, fix them here and in the
// scenarios that use them (test/harness/scenario-files.test.ts lists which).
// Contract: the validator refuses a crash point whose label is not listed, so a
// typo cannot turn an aimed crash into a run without one.

export const CRASH_POINT_LABELS = {
  /** Between making a commit's versions visible and acknowledging it. */
  commitPublish: "commit.publish",
  /** Stamping commit timestamps on a transaction's versions. */
  commitStamp: "commit.stamp",
  /** The group-commit leader's fsync of a WAL batch. */
  walFsync: "wal.fsync",
  /** Appending a record to the WAL. */
  walAppend: "wal.append",
  /** Writing a checkpoint's sorted run file. */
  checkpointWrite: "checkpoint.write",
  /** Truncating the WAL after a checkpoint. */
  walTruncate: "wal.truncate",
  /** A GC pass dropping versions. */
  gcDrop: "gc.drop",
  /** Claiming a reader slot for a snapshot. */
  readerRegister: "reader.register",
  /** Taking the multi-process writer lock. */
  writerLockAcquire: "writer-lock.acquire",
  /** Holding the writer lock, mid-write. */
  writerLockHeld: "writer-lock.held",
} as const;

export const KNOWN_CRASH_LABELS: readonly string[] = Object.values(CRASH_POINT_LABELS).sort();
