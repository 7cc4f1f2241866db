// Each switch's shipped scenario finds it by seed, and the first violation
// names the promise the switch breaks (src/engine/bugs.ts); the same seeds
// with the switch off pass. (The reclamation and WAL switches have their own
// tests next to their scenarios.)
import { describe, expect, it } from "vitest";
import { BUG_TABLE, type BugName } from "../../src/engine/bugs.js";
import { huntBug } from "../../src/harness/hunt.js";
import { loadScenario, type Scenario } from "../../src/harness/scenario.js";

const SEEDS_MAX = 30;
const SWITCHES: readonly BugName[] = [
  "ww-check-toctou",
  "fractured-commit",
  "hlc-logical-saturation",
  "writer-lock-reentrant-pid",
  "writer-lock-dead-owner",
  "commit-ack-before-fsync",
  "dirty-try-send-drop",
];

async function load(bug: BugName): Promise<Scenario> {
  const r = await loadScenario(`scenarios/bugs/${bug}.json`);
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

describe("bug scenarios", () => {
  for (const bug of SWITCHES) {
    it(`${bug}: found within ${SEEDS_MAX} seeds as ${BUG_TABLE[bug].breaks}; those seeds pass without it`, async () => {
      const s = await load(bug);
      const on = huntBug({ scenario: s, maxSeeds: SEEDS_MAX });
      if (typeof on === "string") throw new Error(on);
      expect(on.found, `${bug} not found`).toBeDefined();
      expect(on.found!.violation.property, on.found!.violation.explanation).toBe(BUG_TABLE[bug].breaks);
      const off = huntBug({ scenario: { ...s, bugs: [] }, maxSeeds: on.found!.seedsRun });
      if (typeof off === "string") throw new Error(off);
      expect(off.found?.violation.explanation).toBeUndefined();
    }, 60_000);
  }
});
