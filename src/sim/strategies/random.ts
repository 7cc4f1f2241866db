// Uniform random scheduling: every runnable thread is equally likely at every step.
// Contract: all choices come from the Rng given at construction, so the same
// stream and the same runnable sets give the same decisions.
import type { Rng } from "../rng.js";
import type { PickContext, Strategy, ThreadView } from "./strategy.js";

export function randomStrategy(rng: Rng): Strategy {
  return {
    name: "random",
    pick(runnable: readonly ThreadView[], _ctx: PickContext): number {
      return rng.pick(runnable).tid;
    },
  };
}
