// A Scenario becomes the RunSpec, strategy and engine-target options the run
// loop takes, field for field.
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/harness/scenario.js";
import { scenarioRunSpec, scenarioStrategy, scenarioTargetOptions } from "../../src/harness/scenario-run-spec.js";

function load(extra: object) {
  const r = parseScenario(JSON.stringify({ name: "s", description: "d", ...extra }), "s.json");
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

describe("scenarioRunSpec", () => {
  it("maps workload, faults, budgets and restarts", () => {
    const s = load({
      processes: 3,
      threadsPerProcess: 2,
      workload: { opsPerThread: 7, txnSize: { min: 2, max: 5 }, readRatio: 0.25, singleKeyOpRatio: 0.5, keys: { count: 9, distribution: "zipf", exponent: 1.5 }, values: "list-append" },
      faults: { processCrashProbabilityPerStep: 0.01, processCrashesMax: 2, faultsStopAtUs: 99, crashPoints: [{ label: "wal.fsync", nth: 2, kind: "power" }], clock: [{ kind: "skew", pid: 1, skewMs: 5 }] },
      restart: { enabled: false },
      stepBudgetMax: 1234,
      timeLimitUs: 5000,
      checks: { model: "serializable" },
    });
    const spec = scenarioRunSpec(s);
    expect(spec.processes).toBe(3);
    expect(spec.threadsPerProcess).toBe(2);
    expect(spec.workload).toEqual({ opsPerThread: 7, txnSizeMin: 2, txnSizeMax: 5, readRatio: 0.25, singleKeyOpRatio: 0.5, keyCount: 9, keyDistribution: { kind: "zipf", exponent: 1.5 }, values: "list-append" });
    expect(spec.world.faults).toEqual({
      processCrashProbabilityPerStep: 0.01,
      powerLossProbabilityPerStep: 0,
      processCrashesMax: 2,
      powerLossesMax: 0,
      faultsStopAtUs: 99,
      crashPoints: [{ label: "wal.fsync", nth: 2, kind: "power" }],
    });
    expect(spec.world.clock.faults).toEqual([{ kind: "skew", pid: 1, skewMs: 5 }]);
    expect(spec.world.stepBudgetMax).toBe(1234);
    expect(spec.world.timeLimitUs).toBe(5000);
    expect(spec.restartDelayUs).toBe(-1);
    expect(spec.checks).toEqual({ model: "serializable" });
    expect(typeof spec.world.disk).toBe("function");
  });

  it("builds the scenario's strategy, or a named override, or says why not", () => {
    const s = load({ strategy: { name: "pct", depth: 2 }, stepBudgetMax: 500 });
    const pct = scenarioStrategy(s, 1n);
    expect(typeof pct).not.toBe("string");
    expect(typeof scenarioStrategy(s, 1n, "random")).not.toBe("string");
    expect(scenarioStrategy(s, 1n, "bfs")).toMatch(/unknown strategy "bfs"/);
  });

  it("splits engine capacities between the engine and its durability layer, with the bugs", () => {
    const s = load({ engine: { gcEveryCommits: 1, channelBatches: 2 }, bugs: ["dirty-try-send-drop"], expect: { find: "durability" } });
    const o = scenarioTargetOptions(s, ["fractured-commit"]);
    expect(o.engine).toEqual({ gcEveryCommits: 1 });
    expect(o.durability).toEqual({ channelBatches: 2 });
    expect([...(o.bugs ?? [])]).toEqual(["dirty-try-send-drop", "fractured-commit"]);
  });
});
