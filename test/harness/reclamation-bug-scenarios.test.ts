// The three reclamation switches are found by seed from their shipped
// scenarios, and the first violation of the failing seed is "reclamation"
// (a use-after-free, a dropped visible version, or a read below GC's horizon);
// the same seeds of the same scenario with the switch off pass (the near twin).
import { describe, expect, it } from "vitest";
import type { BugName } from "../../src/engine/bugs.js";
import { huntBug } from "../../src/harness/hunt.js";
import { loadScenario, type Scenario } from "../../src/harness/scenario.js";

async function load(bug: BugName): Promise<Scenario> {
  const r = await loadScenario(`scenarios/bugs/${bug}.json`);
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

// Seeds searched per switch: where `mvsim hunt` finds it for the scenario's master seed, with margin.
const SEEDS_MAX: Readonly<Partial<Record<BugName, number>>> = {
  "hp-protect-after-load": 40,
  "reader-slot-publish-race": 40,
  "gc-drops-visible-version": 20,
};
// The switch-off twin runs at least this many seeds (more than the hunt may have needed).
const OFF_SEEDS_MIN = 20;

describe.each(Object.keys(SEEDS_MAX) as BugName[])("%s", (bug) => {
  it("is found as reclamation; the same seeds without the switch pass", async () => {
    const s = await load(bug);
    expect(s.bugs).toEqual([bug]);
    const on = huntBug({ scenario: s, maxSeeds: SEEDS_MAX[bug]! });
    if (typeof on === "string") throw new Error(on);
    expect(on.found, `${bug} not found in ${SEEDS_MAX[bug]} seeds`).toBeDefined();
    expect(on.found!.violation.property, on.found!.violation.explanation).toBe("reclamation");
    const off = huntBug({ scenario: { ...s, bugs: [] }, maxSeeds: Math.max(on.found!.seedsRun, OFF_SEEDS_MIN) });
    if (typeof off === "string") throw new Error(off);
    expect(off.found?.violation.explanation).toBeUndefined();
  }, 30_000);
});
