// Which failing seeds a worker sends back with their history. A report keeps
// the histories of a scenario's first HISTORIES_PER_SCENARIO_MAX failing seeds
// by index and of the seed its summary names (scenarioReport); each of those is
// also among the first failing seeds of the worker that ran it, so a worker
// ships only its own first ones: the report comes out the same, byte for byte,
// and the other histories (up to HISTORY_EVENTS_MAX events each) stay behind.
import type { Property } from "../history/verdict.js";
import { HISTORIES_PER_SCENARIO_MAX, omitHistory, type SeedResult } from "./run-result.js";
import type { Expectation } from "./scenario.js";

export class HistoryShipping {
  /** Per scenario: indices of the failing seeds seen (those that came with a history). */
  private readonly failing = new Map<string, number[]>();
  /** Per scenario: the lowest index seen failing with a property the scenario expects to find. */
  private readonly firstExpected = new Map<string, number>();

  /** `r` as it should cross to the main thread: with its history, or marked historyOmitted. */
  ship(scenarioKey: string, expect: Expectation, r: SeedResult): SeedResult {
    if (r.history === undefined) return r;
    const seen = this.failing.get(scenarioKey) ?? [];
    this.failing.set(scenarioKey, seen);
    let keep = seen.filter((i) => i < r.index).length < HISTORIES_PER_SCENARIO_MAX;
    seen.push(r.index);
    const wanted: readonly Property[] = expect.kind === "find" ? expect.properties : [];
    if (r.violations.some((v) => wanted.includes(v.property))) {
      const best = this.firstExpected.get(scenarioKey);
      if (best === undefined || r.index < best) {
        this.firstExpected.set(scenarioKey, r.index);
        keep = true;
      }
    }
    return keep ? r : omitHistory(r);
  }
}
