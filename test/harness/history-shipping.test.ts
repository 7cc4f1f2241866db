// A worker ships the history of its own first failing seeds of a scenario and
// of its first seed showing an expected property; every other failing seed
// crosses without it, marked historyOmitted as a report would mark it.
import { describe, expect, it } from "vitest";
import { HistoryShipping } from "../../src/harness/history-shipping.js";
import { HISTORIES_PER_SCENARIO_MAX, omitHistory, type SeedResult } from "../../src/harness/run-result.js";
import type { Property } from "../../src/history/verdict.js";

const failing = (index: number, property: Property): SeedResult =>
  ({ scenario: "s", seed: String(100 + index), index, verdict: "violation", violations: [{ property }], steps: 1, timeUs: 0, traceHash: "h", replay: "r", history: [], historyTruncated: true }) as unknown as SeedResult;

describe("HistoryShipping", () => {
  it("keeps the first failing seeds by index and the first expected one, drops the rest", () => {
    const ship = new HistoryShipping();
    const expect_ = { kind: "find" as const, properties: ["write-conflict" as Property] };
    const shipped = [0, 1, 2, 3, 4].map((i) => ship.ship("a", expect_, failing(i, "snapshot-isolation")));
    expect(shipped.map((r) => r.history !== undefined)).toEqual([true, true, true, false, false]);
    expect(shipped[3]).toEqual(omitHistory(failing(3, "snapshot-isolation")));
    expect(shipped[3]!.historyTruncated).toBeUndefined();
    // The first seed with the property the scenario is for keeps its history whatever its rank; a later one does not.
    expect(ship.ship("a", expect_, failing(5, "write-conflict")).history).toBeDefined();
    expect(ship.ship("a", expect_, failing(6, "write-conflict")).history).toBeUndefined();
    // A lower index arriving late still ranks by index; another scenario counts apart.
    expect(ship.ship("a", expect_, failing(-1, "snapshot-isolation")).history).toBeDefined();
    expect(ship.ship("b", { kind: "pass" }, failing(9, "snapshot-isolation")).history).toBeDefined();
    expect(HISTORIES_PER_SCENARIO_MAX).toBe(3);
  });
});
