// The offline checks of a finished run: the checkers a history calls for
// (src/check/check-plan.ts), combined into one verdict with every violation.
import { planCheckers, runPlan, type CheckModel } from "../check/check-plan.js";
import type { Visibility } from "../models/visibility.js";
import type { HistoryEvent } from "../sim/history.js";
import { combineVerdicts, type Verdict, type Violation } from "../sim/verdict.js";

export interface HistoryChecks {
  /** Absent: snapshot-isolation for transactional histories, linearizable otherwise. */
  readonly model?: CheckModel;
  /** Once faults stop, every op must complete within this much simulated time. */
  readonly livenessBoundUs?: number;
  readonly maxStatesPerKey?: number;
  readonly garbageVersionsMax?: number;
  /** The target's snapshot visibility rule (see src/models/visibility.ts). */
  readonly visibility?: Visibility;
}

export interface HistoryVerdict {
  readonly verdict: Verdict;
  readonly violations: readonly Violation[];
  readonly unknownReasons: readonly string[];
  readonly stats: Readonly<Record<string, number>>;
}

export function checkHistory(history: readonly HistoryEvent[], checks: HistoryChecks): HistoryVerdict {
  const plan = planCheckers(history, {
    ...(checks.model ? { model: checks.model } : {}),
    ...(checks.livenessBoundUs !== undefined ? { livenessBoundUs: checks.livenessBoundUs } : {}),
    ...(checks.maxStatesPerKey !== undefined ? { maxStatesPerKey: checks.maxStatesPerKey } : {}),
    ...(checks.garbageVersionsMax !== undefined ? { garbageVersionsMax: checks.garbageVersionsMax } : {}),
    ...(checks.visibility !== undefined ? { visibility: checks.visibility } : {}),
  });
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
