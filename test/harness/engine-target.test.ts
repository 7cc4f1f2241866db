import { describe, expect, it } from "vitest";
import { engineTarget } from "../../src/harness/engine-target.js";
import { simulate, type RunSpec } from "../../src/harness/simulate.js";
import { NO_FAULTS, type FaultOptions } from "../../src/sim/faults.js";
import { DEFAULT_WORLD } from "../../src/sim/world.js";

const base: RunSpec = {
  processes: 2,
  threadsPerProcess: 2,
  workload: { opsPerThread: 8, txnSizeMin: 1, txnSizeMax: 3, readRatio: 0.5, singleKeyOpRatio: 0.2, keyCount: 5, keyDistribution: { kind: "uniform" }, values: "list-append" },
  world: { ...DEFAULT_WORLD, stepBudgetMax: 1_000_000, arena: { words: 1 << 17, reservedWords: 64, quarantineWords: 1 << 12 } },
  restartDelayUs: 1000,
  checks: {},
};
const withFaults = (f: Partial<FaultOptions>): RunSpec => ({ ...base, world: { ...base.world, faults: { ...NO_FAULTS, ...f } } });

describe("the engine as a target", () => {
  it.each([
    ["no faults", base],
    ["process crashes with restarts", withFaults({ processCrashProbabilityPerStep: 0.001, processCrashesMax: 2 })],
    ["power loss with recovery", withFaults({ powerLossProbabilityPerStep: 0.0005, powerLossesMax: 1 })],
  ])("the correct engine passes every check: %s", (_name, spec) => {
    for (let seed = 1n; seed <= 6n; seed++) {
      const r = simulate(spec, engineTarget(), seed);
      expect(r.violations.map((v) => v.explanation), `seed ${seed}`).toEqual([]);
      expect(r.verdict).toBe("ok");
    }
  });

  it("recovers acknowledged data across a power loss (the run really lost power)", () => {
    const spec = withFaults({ crashPoints: [{ label: "commit.publish", nth: 6, kind: "power" }] });
    const r = simulate(spec, engineTarget(), 4n);
    expect(r.history.some((e) => e.f === "power-loss")).toBe(true);
    expect(r.stats.restarts).toBeGreaterThan(0);
    expect(r.verdict).toBe("ok");
  });

  it("finds ww-check-toctou by seed and names it a write conflict", () => {
    let found;
    for (let seed = 1n; seed <= 30n && !found; seed++) {
      const r = simulate(base, engineTarget({ bugs: new Set(["ww-check-toctou"]) }), seed);
      found = r.violations.find((v) => v.property === "write-conflict");
    }
    expect(found).toBeDefined();
  });
});
