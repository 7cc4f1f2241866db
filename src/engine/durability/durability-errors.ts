// Typed errors of the durability layer: what a committer, the checkpointer or
// recovery is told when the disk or a helper thread fails. Contract: each names
// the cause and the place; none is thrown for a condition the caller can retry
// silently.
import type { DiskErrorCode } from "../ports.js";

/**
 * The fsync or append of the batch holding this commit failed; the commit is not
 * acknowledged and its outcome is indeterminate (its bytes may sit in the page
 * cache and be recovered at reopen): report it as "info", not as a failure.
 */
export class WalIoError extends Error {
  override readonly name = "WalIoError";
  constructor(readonly code: DiskErrorCode, readonly seq: number, detail: string) {
    super(`wal: commit seq ${seq} failed: ${code} (${detail}); the log is poisoned until reopened`);
  }
}

/** A write was attempted after an I/O error poisoned the log; reopen (recover) first. */
export class WalPoisonedError extends Error {
  override readonly name = "WalPoisonedError";
  constructor(readonly code: DiskErrorCode) {
    super(`wal: log is poisoned by an earlier ${code}; refusing writes until reopened`);
  }
}

/** The commit is durable but the in-memory apply callback failed. */
export class WalApplyError extends Error {
  override readonly name = "WalApplyError";
  constructor(readonly seq: number, readonly reason: unknown) {
    super(`wal: commit seq ${seq} is durable but its apply failed: ${reason instanceof Error ? reason.message : String(reason)}`);
  }
}

/** A writer stalled on backpressure and the stall cannot end (helper dead) or exceeded its bound. */
export class WriteStallError extends Error {
  override readonly name = "WriteStallError";
  constructor(readonly reason: "checkpointer-dead" | "no-checkpointer" | "stall-bound", readonly stalledUs: number) {
    super(`durability: writer stalled ${stalledUs}us: ${reason}`);
  }
}

/** A file that was fsynced and installed reads back corrupt or malformed. */
export class CorruptFileError extends Error {
  override readonly name = "CorruptFileError";
  constructor(readonly path: string, detail: string) {
    super(`${path}: ${detail}`);
  }
}
