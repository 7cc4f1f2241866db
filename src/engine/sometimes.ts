// Rare events a good run must reach (Antithesis's "sometimes assertions"): the
// engine marks each with ports.sometimes(label) where it happens. The real
// world ignores the marks; the simulator counts them per seed and the gate
// fails a scenario that declares an event none of its seeds reached.
// Contract: marking never yields and never changes a run (no trace-hash change).

export const SOMETIMES_LABELS = [
  /** A txn lost first-committer-wins and aborted (ConflictError). */
  "ww-conflict-abort",
  /** A hazard pointer's re-check saw the pointer move and retried. */
  "hazard-recheck-retry",
  /** GC unlinked a version no snapshot needs. */
  "gc-drop-version",
  /** A retired block left quarantine and was freed. */
  "reclaim-block",
  /** A dead process's reader slot was freed by a survivor. */
  "stale-reader-cleanup",
  /** A dead process's logged commit was finished (made visible) by recovery. */
  "dead-commit-recovered",
  /** WAL replay cut a torn or corrupt tail. */
  "wal-torn-tail-cut",
  /** A checkpoint deleted WAL segments it made redundant. */
  "wal-truncated-after-checkpoint",
  /** A writer waited on a full dirty channel (backpressure). */
  "backpressure-stall",
  /** The HLC passed its durable ceiling and persisted a new one. */
  "hlc-ceiling-renewal",
  /** A disk error (EIO, ENOSPC) reached the engine and was handled. */
  "disk-error-handled",
] as const;

export type SometimesLabel = (typeof SOMETIMES_LABELS)[number];

export function isSometimesLabel(s: string): s is SometimesLabel {
  return (SOMETIMES_LABELS as readonly string[]).includes(s);
}
