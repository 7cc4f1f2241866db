// The contract of a checker: history events in, verdict + evidence out.
// Streaming: the same checker runs online during a simulation (onEvent as the
// run records them) and offline over a history file. One property per checker.
import type { HistoryEvent } from "../history/events.js";
import type { Property, Verdict, Violation } from "../history/verdict.js";

export interface CheckResult {
  readonly checker: string;
  readonly verdict: Verdict;
  readonly violations: readonly Violation[];
  /** Why the verdict is unknown (a budget in states ran out), when it is. */
  readonly unknownReason?: string;
  /** Extra figures (states explored, transactions, edges...) for reports. */
  readonly stats?: Readonly<Record<string, number>>;
}

export interface Checker {
  readonly name: string;
  readonly property: Property;
  /**
   * Feeds one event, in history order. May return a violation as soon as it
   * is certain (online checkers report the first divergence with its index).
   */
  onEvent(event: HistoryEvent): Violation | undefined;
  /** Ends the history; returns everything found. */
  finish(): CheckResult;
}

/** Runs a checker over a whole history. */
export function runChecker(checker: Checker, history: Iterable<HistoryEvent>): CheckResult {
  for (const e of history) checker.onEvent(e);
  return checker.finish();
}
