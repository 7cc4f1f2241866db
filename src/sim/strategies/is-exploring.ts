// Tells an exploring strategy (dfs: many executions of one program) from a
// one-run strategy, so drivers know whether to loop on beginExecution().
import type { ExploringStrategy, Strategy } from "./strategy.js";

export function isExploring(s: Strategy): s is ExploringStrategy {
  return typeof (s as Partial<ExploringStrategy>).beginExecution === "function";
}
