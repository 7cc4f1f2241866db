// Replay: follows a recorded decision list (one picked tid per step). Strict mode
// fails loudly (ReplayDivergence naming step, recorded tid and runnable set);
// lenient mode, for the shrinker, falls back and counts how often it had to.
import type { PickContext, Strategy, ThreadView } from "./strategy.js";
import { ReplayDivergence } from "./strategy.js";

export interface ReplayOptions {
  /**
   * What to do when the decisions run out while threads remain:
   * "fail" throws ReplayExhausted; "first-runnable" picks the lowest runnable tid.
   * Default: "fail" in strict mode, "first-runnable" in lenient mode.
   */
  readonly onExhausted?: "fail" | "first-runnable";
  /** When the recorded tid is not runnable: stay on the current thread if it is runnable, else the lowest tid. */
  readonly lenient?: boolean;
}

export interface ReplayStrategy extends Strategy {
  /** Decisions consumed so far (= picks made while the list lasted). */
  readonly consumed: number;
  /** Decisions not yet used; a full replay of a finished run ends at 0. */
  readonly remaining: number;
  /** Lenient mode: picks where the recorded tid was not runnable. */
  readonly divergences: number;
  /** Picks made after the list ran out. */
  readonly extraSteps: number;
}

/** The decision list ran out while threads were still runnable. */
export class ReplayExhausted extends ReplayDivergence {
  constructor(step: number, runnable: readonly number[]) {
    super(step, -1, runnable);
    this.message =
      `replay ran out of recorded decisions at step ${step} ` +
      `(runnable: ${runnable.join(", ")}); the recorded run was shorter than this one`;
  }
}

export function replayStrategy(decisions: readonly number[], options: ReplayOptions = {}): ReplayStrategy {
  const lenient = options.lenient ?? false;
  const onExhausted = options.onExhausted ?? (lenient ? "first-runnable" : "fail");
  let cursor = 0;
  let divergences = 0;
  let extraSteps = 0;
  return {
    name: lenient ? "replay-lenient" : "replay",
    get consumed() {
      return cursor;
    },
    get remaining() {
      return decisions.length - cursor;
    },
    get divergences() {
      return divergences;
    },
    get extraSteps() {
      return extraSteps;
    },
    pick(runnable: readonly ThreadView[], ctx: PickContext): number {
      if (cursor >= decisions.length) {
        extraSteps++;
        if (onExhausted === "fail") throw new ReplayExhausted(ctx.step, runnable.map((t) => t.tid));
        return runnable[0]!.tid;
      }
      const recorded = decisions[cursor++]!;
      if (runnable.some((t) => t.tid === recorded)) return recorded;
      if (!lenient) throw new ReplayDivergence(ctx.step, recorded, runnable.map((t) => t.tid));
      divergences++;
      const current = ctx.current;
      if (current !== null && runnable.some((t) => t.tid === current)) return current;
      return runnable[0]!.tid;
    },
  };
}
