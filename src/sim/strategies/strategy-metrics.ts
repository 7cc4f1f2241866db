// A wrapper that counts what a strategy decided (steps, context switches,
// preemptions, widest runnable set) without changing any decision: extra
// behaviour wraps a strategy instead of growing the scheduler.
import { isExploring } from "./is-exploring.js";
import type { ExploringStrategy, PickContext, Strategy, ThreadView } from "./strategy.js";

export interface StrategyMetrics {
  /** Picks made, over all executions. */
  steps: number;
  /** Picks of a thread other than the one picked for the previous step (same execution). */
  contextSwitches: number;
  /** Picks away from `ctx.current` while it was still runnable. */
  preemptions: number;
  /** Largest runnable set seen at a pick. */
  maxRunnable: number;
  /** Executions begun (exploring strategies only; 1 otherwise once a pick happened). */
  executions: number;
  /** Picks per tid, in order of first pick. */
  readonly stepsByTid: Map<number, number>;
}

export interface Measured<S extends Strategy> {
  readonly strategy: S;
  readonly metrics: StrategyMetrics;
}

export function withMetrics(inner: ExploringStrategy): Measured<ExploringStrategy>;
export function withMetrics(inner: Strategy): Measured<Strategy>;
export function withMetrics(inner: Strategy): Measured<Strategy> {
  const metrics: StrategyMetrics = {
    steps: 0,
    contextSwitches: 0,
    preemptions: 0,
    maxRunnable: 0,
    executions: 0,
    stepsByTid: new Map(),
  };
  let previous: number | null = null; // last pick of this execution
  const pick = (runnable: readonly ThreadView[], ctx: PickContext): number => {
    const tid = inner.pick(runnable, ctx);
    if (metrics.executions === 0) metrics.executions = 1;
    metrics.steps++;
    metrics.maxRunnable = Math.max(metrics.maxRunnable, runnable.length);
    if (previous !== null && tid !== previous) metrics.contextSwitches++;
    if (ctx.current !== null && tid !== ctx.current && runnable.some((t) => t.tid === ctx.current)) {
      metrics.preemptions++;
    }
    previous = tid;
    metrics.stepsByTid.set(tid, (metrics.stepsByTid.get(tid) ?? 0) + 1);
    return tid;
  };
  const wrapped: Strategy = { name: inner.name, pick };
  if (inner.onSpawn) wrapped.onSpawn = (t: ThreadView) => inner.onSpawn!(t);
  if (isExploring(inner)) {
    const exploring: ExploringStrategy = {
      ...wrapped,
      beginExecution(): boolean {
        const more = inner.beginExecution();
        if (more) metrics.executions++;
        previous = null;
        return more;
      },
    };
    return { strategy: exploring, metrics };
  }
  return { strategy: wrapped, metrics };
}
