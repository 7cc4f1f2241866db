// strategyByName builds the named strategy, and returns a one-line error for
// unknown names and bad parameters.
import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/sim/rng.js";
import { STRATEGY_NAMES, isExploring, strategyByName } from "../../../src/sim/strategies/index.js";

describe("strategyByName", () => {
  it("builds each named strategy", () => {
    for (const name of STRATEGY_NAMES) {
      const s = strategyByName(name, new Rng(1n), { depth: 2, maxSteps: 10 });
      expect(typeof s).not.toBe("string");
      if (typeof s !== "string") {
        expect(s.name).toBe(name);
        expect(isExploring(s)).toBe(name === "dfs");
      }
    }
  });

  it("returns an error message for an unknown name or bad params", () => {
    expect(strategyByName("bfs", new Rng(1n))).toMatch(/unknown strategy "bfs".*random, pct, dfs/);
    expect(strategyByName("pct", new Rng(1n), { depth: 0 })).toMatch(/depth/);
    expect(strategyByName("dfs", new Rng(1n), { preemptionBound: 1, sleepSets: true })).toMatch(/sleepSets/);
  });
});
