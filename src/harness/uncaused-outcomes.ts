// An operation that ends indeterminate ("info": it may or may not have taken
// effect) needs a cause in the same run: a crash, a power loss or a disk
// fault. Every safety checker must accept an info op, so a store that answers
// info where nothing went wrong (a commit that reports a WAL error no fault
// caused, say) is invisible to them; this check is what sees it. It breaks
// ENGINE.md's liveness promise: with no fault, every operation completes.
import { type HistoryEvent, SYSTEM_PROCESS } from "../history/events.js";
import type { Violation } from "../history/verdict.js";

const CAUSES: ReadonlySet<string> = new Set(["crash", "power-loss", "restart"]);

/**
 * `diskFaults`: faults the disk injected or corrupt sectors it returned in the
 * run; `limited`: history indices of info ops the store blamed on its own
 * resource limit (a full table is a cause, as a fault is).
 */
export function uncausedIndeterminate(history: readonly HistoryEvent[], diskFaults: number, limited: ReadonlySet<number> = new Set()): Violation[] {
  if (diskFaults > 0) return [];
  const uncaused: number[] = [];
  for (let i = 0; i < history.length; i++) {
    const e = history[i]!;
    if (e.process === SYSTEM_PROCESS) {
      if (CAUSES.has(e.f)) return [];
    } else if (e.type === "info" && !limited.has(i)) uncaused.push(i);
  }
  if (uncaused.length === 0) return [];
  const first = history[uncaused[0]!]!;
  return [
    {
      kind: "indeterminate-without-fault",
      property: "liveness",
      step: uncaused[0]!,
      threads: [first.process],
      evidence: { indeterminate: uncaused.length, first: uncaused.slice(0, 10), error: first.error ?? null },
      explanation:
        `${uncaused.length} operation(s) ended indeterminate (info) in a run with no crash, power loss or disk fault; ` +
        `the first, at history index ${uncaused[0]}, process ${first.process}'s ${first.f}, said: ${first.error ?? "(no error text)"}. ` +
        "With nothing to cause it, an operation must complete ok or fail.",
    },
  ];
}
