// The scheduling-strategy contract: mechanism (scheduler.ts) apart from policy
// (one strategy per file). A strategy only picks which runnable thread takes
// the next step; everything it needs to know arrives as arguments.
import type { Step } from "../../engine/ports.js";

/** What a strategy may see of a thread. */
export interface ThreadView {
  readonly tid: number;
  readonly pid: number;
  readonly name: string;
  /** The step the thread will take if picked. */
  readonly pending: Step;
}

export interface PickContext {
  /** Index of the step about to be taken (0-based). */
  readonly step: number;
  /** Thread that took the previous step, if it is still alive. */
  readonly current: number | null;
}

export interface Strategy {
  readonly name: string;
  /**
   * Picks the next thread. `runnable` is non-empty and ordered by tid.
   * Returns the tid of one of them. May throw ReplayDivergence.
   */
  pick(runnable: readonly ThreadView[], ctx: PickContext): number;
  /** A thread was created (PCT gives it a priority). */
  onSpawn?(thread: ThreadView): void;
}

/**
 * A strategy that explores many executions of the same program (dfs).
 * The driver calls `beginExecution()` before each run until it returns false.
 */
export interface ExploringStrategy extends Strategy {
  beginExecution(): boolean;
}

/** Thrown by replay when the run no longer matches the recorded decisions. */
export class ReplayDivergence extends Error {
  override readonly name = "ReplayDivergence";
  constructor(readonly step: number, readonly expectedTid: number, readonly runnable: readonly number[]) {
    super(
      `replay diverged at step ${step}: recorded thread ${expectedTid} is not runnable ` +
        `(runnable: ${runnable.join(", ") || "none"})`,
    );
  }
}
