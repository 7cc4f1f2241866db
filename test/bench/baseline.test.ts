// The baseline benchmark measures something only if both tools really find
// both races, and neither cries wolf on the fixed twin (racy pair made atomic).
// Small budgets, no timing.
import { describe, expect, it } from "vitest";
import { fastCheckFirstFailure } from "../../bench/baseline/fast-check-races.js";
import { mvsimFirstFailure, raceBreaks, type RaceStrategy } from "../../bench/baseline/mvsim-races.js";
import type { RaceName, RaceShape } from "../../bench/baseline/race-shape.js";
import { median } from "../../bench/baseline.bench.js";
import { engineFirstFailure } from "../../bench/baseline/engine-race.js";
import { harnessFirstFailure, harnessRaceBreaks, toctouScenario } from "../../bench/baseline/harness-race.js";

const RACES: readonly RaceName[] = ["lost-update", "ww-toctou"];
const STRATEGIES: readonly RaceStrategy[] = ["random", "pct"];
const BUDGET = 500;

describe.each(RACES)("baseline race %s", (race) => {
  const buggy: RaceShape = { race, tasks: 2, filler: 4 };
  const fixed: RaceShape = { ...buggy, fixed: true };

  it("fast-check's scheduler finds it, on several seeds", async () => {
    for (const seed of [1, 2, 3]) {
      const r = await fastCheckFirstFailure(buggy, seed, BUDGET);
      expect(r.found, `seed ${seed}`).toBe(true);
      expect(r.runs).toBeGreaterThanOrEqual(1);
    }
  });

  it("fast-check's scheduler passes the fixed twin", async () => {
    const r = await fastCheckFirstFailure(fixed, 1, 200);
    expect(r.found).toBe(false);
    expect(r.runs).toBe(200);
  });

  it.each(STRATEGIES)("mvsim %s finds it, the same number of seeds each time", (strategy) => {
    for (const master of [1n, 2n, 3n]) {
      const a = mvsimFirstFailure(buggy, strategy, master, BUDGET);
      const b = mvsimFirstFailure(buggy, strategy, master, BUDGET);
      expect(a.found, `master ${master}`).toBe(true);
      expect(b.runs).toBe(a.runs);
    }
  });

  it.each(STRATEGIES)("mvsim %s passes the fixed twin", (strategy) => {
    const r = mvsimFirstFailure(fixed, strategy, 1n, 200);
    expect(r.found).toBe(false);
    expect(r.runs).toBe(200);
  });

  it("some mvsim seeds pass the buggy race too (the bug is schedule-dependent)", () => {
    const broke = Array.from({ length: 40 }, (_, i) => raceBreaks(buggy, "random", BigInt(i + 1)));
    expect(broke).toContain(true);
    expect(broke).toContain(false);
  });
});

describe("median", () => {
  it("takes the middle, or the mean of the two middles", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe("baseline race ww-toctou in the real engine", () => {
  const budget = 400;

  it("is found with the switch on: random once writers start together, pct even without", () => {
    const random = engineFirstFailure({ bug: true, strategy: "random", barrier: true }, 1n, budget);
    const pct = engineFirstFailure({ bug: true, strategy: "pct", barrier: false }, 1n, budget);
    expect(random.found).toBe(true);
    expect(pct.found).toBe(true);
    expect(engineFirstFailure({ bug: true, strategy: "pct", barrier: false }, 1n, budget).runs).toBe(pct.runs);
  });

  it.each([
    ["random", true],
    ["pct", true],
    ["random", false],
    ["pct", false],
  ] as const)("never breaks with the switch off (%s, barrier %s)", (strategy, barrier) => {
    const r = engineFirstFailure({ bug: false, strategy, barrier }, 1n, 25);
    expect(r.found).toBe(false);
    expect(r.runs).toBe(25);
  });
});

describe("baseline race ww-toctou through the harness", () => {
  it("the shipped scenario finds write-conflict with random scheduling; the switch-off twin does not", async () => {
    const s = await toctouScenario(process.cwd());
    expect(harnessFirstFailure(s, "random", 1n, 30).found).toBe(true);
    const off = { ...s, bugs: [] };
    for (let seed = 1n; seed <= 4n; seed++) expect(harnessRaceBreaks(off, "random", seed)).toBe(false);
  });
});
