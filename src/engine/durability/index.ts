// The durability layer's public face: what the engine and the harness call.
// Open (recover + seal) gives the CommitLog; the checkpointer runs as a daemon
// thread; recover alone reads what the disk holds.
export { openDurability, type OpenedDurability } from "./open-durability.js";
export { WalCommitLog } from "./wal-commit-log.js";
export { fileTimestampLease } from "./hlc-ceiling.js";
export { Checkpointer, runCheckpointer } from "./checkpointer.js";
export { recover, type RecoveredState, type RecoveredValue, type RecoverOptions, type TailCut } from "./recovery.js";
export type { CommittedTxn } from "./wal-replay.js";
export {
  DEFAULT_DURABILITY,
  DURABILITY_BUGS,
  resolveDurabilityOptions,
  type ApplyCommit,
  type DurabilityBug,
  type DurabilityOptions,
} from "./durability-options.js";
export { CorruptFileError, WalApplyError, WalIoError, WalPoisonedError, WriteStallError } from "./durability-errors.js";
