// The README's "in your own test suite" example, kept working.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scenarioArbitrary, simulate } from "../src/index.js";

describe("mvsim as a library", () => {
  it("runs a scenario object across seeds", () => {
    const r = simulate({ processes: 1, threadsPerProcess: 2, workload: { opsPerThread: 4, keys: { count: 3 } } }, { seeds: 3 });
    expect(r.verdict).toBe("ok");
    expect(r.seeds).toHaveLength(3);
  });

  it("reports a bad scenario in one line", () => {
    expect(() => simulate({ workload: { keys: { count: 0 } } })).toThrow(/^inline: workload\.keys\.count/);
  });

  it("fast-check generates scenarios; the correct engine passes them all", () => {
    fc.assert(
      fc.property(scenarioArbitrary({ faults: true }), (scenario) => {
        expect(simulate(scenario, { seeds: 2 }).verdict).not.toBe("violation");
      }),
      { numRuns: 12, seed: 7 },
    );
  });

  it("with a bug switch on, fast-check finds and shrinks a failing scenario", () => {
    const out = fc.check(
      fc.property(scenarioArbitrary({ faults: false, maxThreadsPerProcess: 4, maxOpsPerThread: 8 }), (scenario) => simulate(scenario, { seeds: 3, bugs: ["ww-check-toctou"] }).verdict !== "violation"),
      { numRuns: 60, seed: 3 },
    );
    expect(out.failed).toBe(true);
    const small = out.counterexample![0];
    expect(small.processes * small.threadsPerProcess).toBeGreaterThanOrEqual(2);
    expect(simulate(small, { seeds: 3, bugs: ["ww-check-toctou"] }).firstFailure?.replay).toMatch(/^mvsim replay/);
  });
});

describe("toScenarioJson", () => {
  it("writes a generated scenario (BigInt seed included) as a file the loader reads back equal", async () => {
    const { parseScenario } = await import("../src/harness/scenario.js");
    const { toScenarioJson } = await import("../src/index.js");
    const [scenario] = fc.sample(scenarioArbitrary({ faults: true }), { numRuns: 1, seed: 11 });
    const text = toScenarioJson({ ...scenario!, gate: { seeds: 1, masterSeed: 2n ** 63n + 5n } });
    const back = parseScenario(text, "generated.json");
    if (!back.ok) throw new Error(back.error);
    expect(back.scenario.gate.masterSeed).toBe(2n ** 63n + 5n);
    expect({ ...back.scenario, gate: scenario!.gate }).toEqual(scenario);
  });
});
