// The scheduling strategies, and a factory that builds one by name for the CLI.
// Contract: the same name, params and Rng stream give the same strategy; bad
// names or params come back as a one-line error string, never a throw.
import type { Rng } from "../rng.js";
import { dfsStrategy } from "./dfs.js";
import { pctStrategy } from "./pct.js";
import { randomStrategy } from "./random.js";
import { roundRobinStrategy } from "./round-robin.js";
import type { Strategy } from "./strategy.js";

export * from "./strategy.js";
export { randomStrategy } from "./random.js";
export { pctStrategy, type PctOptions, type PctStrategy } from "./pct.js";
export { replayStrategy, ReplayExhausted, type ReplayOptions, type ReplayStrategy } from "./replay.js";
export { dfsStrategy, DfsNondeterminism, type DfsOptions, type DfsStrategy } from "./dfs.js";
export { roundRobinStrategy, type RoundRobinOptions } from "./round-robin.js";
export { withMetrics, type Measured, type StrategyMetrics } from "./strategy-metrics.js";
export { independent, stepShape, type StepShape } from "./step-independence.js";
export { isExploring } from "./is-exploring.js";

export const STRATEGY_NAMES = ["random", "pct", "dfs", "round-robin"] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

export interface StrategyParams {
  /** pct: bug depth d; default 3. */
  readonly depth?: number;
  /** pct: expected steps per run k (use the run's step budget); default 10 000. */
  readonly maxSteps?: number;
  /** dfs: preemption bound; default none. */
  readonly preemptionBound?: number;
  /** dfs: sleep-set reduction; default false. */
  readonly sleepSets?: boolean;
  /** round-robin: steps per turn; default 1. */
  readonly quantum?: number;
}

export const PCT_DEFAULT_DEPTH = 3;
export const PCT_DEFAULT_MAX_STEPS = 10_000;

/** Builds the named strategy; returns an error message for an unknown name or bad params. */
export function strategyByName(name: string, rng: Rng, params: StrategyParams = {}): Strategy | string {
  try {
    switch (name) {
      case "random":
        return randomStrategy(rng);
      case "pct":
        return pctStrategy(rng, {
          depth: params.depth ?? PCT_DEFAULT_DEPTH,
          maxSteps: params.maxSteps ?? PCT_DEFAULT_MAX_STEPS,
        });
      case "dfs":
        return dfsStrategy({
          ...(params.preemptionBound !== undefined ? { preemptionBound: params.preemptionBound } : {}),
          ...(params.sleepSets !== undefined ? { sleepSets: params.sleepSets } : {}),
        });
      case "round-robin":
        return roundRobinStrategy(params.quantum !== undefined ? { quantum: params.quantum } : {});
      default:
        return `unknown strategy "${name}": expected one of ${STRATEGY_NAMES.join(", ")}`;
    }
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
