// Round-robin scheduling: each thread runs `quantum` steps, then the next tid
// (cyclically, among the runnable) takes over. No randomness: a fixed, fair
// schedule for demos and tests.
import type { PickContext, Strategy, ThreadView } from "./strategy.js";

export interface RoundRobinOptions {
  /** Steps a thread runs before the turn passes on; default 1. */
  readonly quantum?: number;
}

export function roundRobinStrategy(options: RoundRobinOptions = {}): Strategy {
  const quantum = options.quantum ?? 1;
  if (!Number.isInteger(quantum) || quantum < 1) {
    throw new Error(`round-robin: quantum must be an integer >= 1, got ${quantum}`);
  }
  let last: number | null = null;
  let used = 0; // steps `last` has taken in its current turn
  return {
    name: "round-robin",
    pick(runnable: readonly ThreadView[], _ctx: PickContext): number {
      let next: number;
      if (last !== null && used < quantum && runnable.some((t) => t.tid === last)) {
        next = last;
      } else {
        // The first runnable tid after `last`, wrapping around to the lowest.
        const after = last === null ? undefined : runnable.find((t) => t.tid > last!);
        next = (after ?? runnable[0]!).tid;
      }
      used = next === last ? used + 1 : 1;
      last = next;
      return next;
    },
  };
}
