// The seam between the commit path and durability: the engine calls logCommit
// after the commit ts is allocated and before the commit becomes visible; it
// returns once the commit is durable. The default logs nothing.
// Contract: the writer lock is NOT held during logCommit (group commit may batch).
import type { Gen, Ports } from "./ports.js";

export interface CommitWrite {
  readonly key: string;
  /** null deletes the key. */
  readonly value: string | null;
}

export interface CommitLog {
  logCommit(ports: Ports, txnId: number, commitTs: number, writes: readonly CommitWrite[]): Gen<void>;
  /**
   * A dead process left `txnId` COMMITTING at `commitTs`: may the survivors
   * finish it (it is durable) or must they abort it? Absent = abort.
   */
  resolveDeadCommit?(ports: Ports, txnId: number, commitTs: number): Gen<"finish" | "abort">;
}

/** Nothing is durable: commits are acknowledged at once; dead COMMITTING txns abort. */
export const memoryCommitLog: CommitLog = {
  // eslint-disable-next-line require-yield
  *logCommit(): Gen<void> {
    // In-memory engine: nothing to make durable.
  },
};
