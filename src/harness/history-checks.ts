// The offline checks of a finished run: the checkers a history calls for
// (src/check/check-plan.ts), combined into one verdict with every violation.
import { planCheckers, runPlan, type PlanOptions } from "../check/check-plan.js";
import type { HistoryEvent } from "../history/events.js";
import { combineVerdicts, type Verdict, type Violation } from "../history/verdict.js";

/** Which checkers run and their budgets: check-plan's options, as a scenario sets them. */
export type HistoryChecks = PlanOptions;

export interface HistoryVerdict {
  readonly verdict: Verdict;
  readonly violations: readonly Violation[];
  readonly unknownReasons: readonly string[];
  readonly stats: Readonly<Record<string, number>>;
}

export function checkHistory(history: readonly HistoryEvent[], checks: HistoryChecks): HistoryVerdict {
  // A seed that observed nothing (its only txn crashed, say) tested no order:
  // that is no verdict on the engine, so the graph stands aside, named in skipped.
  const plan = planCheckers(history, { whenNothingObserved: "skip", ...checks });
  const results = runPlan(plan, history);
  const stats: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.stats ?? {})) stats[`${r.checker}.${k}`] = v;
  return {
    verdict: combineVerdicts(results.map((r) => r.verdict)),
    violations: results.flatMap((r) => r.violations),
    unknownReasons: results.flatMap((r) => (r.unknownReason ? [`${r.checker}: ${r.unknownReason}`] : [])),
    stats,
  };
}
