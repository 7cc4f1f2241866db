// The durability bug scenarios find their switch quickly and report it under the
// property the engine's bug table says it breaks; the same seeds of the same
// scenario with the switch off pass (the near twin).
import { describe, expect, it } from "vitest";
import { BUG_TABLE, type BugName } from "../../src/engine/bugs.js";
import { runSeed } from "../../src/harness/run-seed.js";
import { loadScenario, type Scenario } from "../../src/harness/scenario.js";
import { derivedSeed } from "../../src/harness/seeds.js";
import type { Violation } from "../../src/history/verdict.js";

async function load(name: BugName): Promise<Scenario> {
  const r = await loadScenario(`scenarios/bugs/${name}.json`);
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

interface SeedRun {
  readonly index: number;
  readonly verdict: string;
  readonly violations: readonly Violation[];
}

function runSeeds(s: Scenario, n: number): SeedRun[] {
  const out: SeedRun[] = [];
  for (let i = 0; i < n; i++) {
    const r = runSeed({ scenario: s, seed: derivedSeed(s.gate.masterSeed, i) });
    if (typeof r === "string") throw new Error(r);
    out.push({ index: i, verdict: r.verdict, violations: r.violations });
  }
  return out;
}

// Seeds run per switch: hunt finds each on its first seed; the rest is margin.
const SEEDS: Readonly<Partial<Record<BugName, number>>> = {
  "wal-apply-error-swallowed": 6,
  "torn-wal-tail-accepted": 10,
};

describe.each(Object.keys(SEEDS) as BugName[])("%s", (name) => {
  const n = SEEDS[name]!;

  it(`on: a seed among the first ${n} leads with a ${BUG_TABLE[name].breaks} violation`, async () => {
    const s = await load(name);
    expect(s.bugs).toEqual([name]);
    const runs = runSeeds(s, n);
    const first = runs.find((r) => r.violations.length > 0);
    expect(first, `no violation in ${n} seeds`).toBeDefined();
    expect(first!.violations[0]!.property).toBe(BUG_TABLE[name].breaks);
  });

  it(`off: the same ${n} seeds pass`, async () => {
    const s = await load(name);
    const runs = runSeeds({ ...s, bugs: [] }, n);
    expect(runs.filter((r) => r.verdict !== "ok").map((r) => `${r.index}: ${r.verdict} ${r.violations[0]?.explanation ?? ""}`)).toEqual([]);
  });
});
