// Swarm configurations: each seed draws its own configuration from the
// scenario's ranges, deterministically (same seed, same draw, same trace hash);
// bad ranges are refused with the field path, like any scenario field.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { runSeed } from "../../src/harness/run-seed.js";
import { parseScenario, type Scenario } from "../../src/harness/scenario.js";
import { drawScenario } from "../../src/harness/swarm.js";

const FILE = "scenarios/t.json";
const base = {
  name: "t",
  description: "a swarm test",
  workload: { opsPerThread: 3, keys: { count: 4 } },
  faults: { faultsStopAtUs: 100000 },
  timeLimitUs: 1000000,
};

function load(swarm: unknown, patch: Record<string, unknown> = {}): Scenario {
  const r = parseScenario(JSON.stringify({ ...base, ...patch, swarm }), FILE);
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

function err(swarm: unknown, patch: Record<string, unknown> = {}): string {
  const r = parseScenario(JSON.stringify({ ...base, ...patch, swarm }), FILE);
  if (r.ok) throw new Error("expected a refusal");
  return r.error;
}

const RANGES = {
  processes: [1, 3],
  threadsPerProcess: [1, 3],
  "workload.readRatio": [0, 1],
  "workload.keys.distribution": { oneOf: ["uniform", "zipf", "hotset"] },
  "workload.keys.exponent": [0.5, 2],
  "faults.disk.fsyncLatencyUs": { min: 5, max: 20000, log: true },
  "faults.processCrashProbabilityPerStep": { min: 0.0001, max: 0.01, log: true, off: 0.5 },
  "strategy.name": { oneOf: ["random", "pct"] },
  "strategy.depth": [1, 4],
};

describe("swarm draws", () => {
  it("gives each seed its own configuration, the same one every time", () => {
    const s = load(RANGES);
    const draws = [1n, 2n, 3n, 4n, 5n, 6n].map((seed) => drawScenario(s, seed));
    const again = drawScenario(s, 3n);
    if (typeof again === "string") throw new Error(again);
    const configs = draws.map((d) => (typeof d === "string" ? d : JSON.stringify(d.config)));
    expect(configs[2]).toBe(JSON.stringify(again.config));
    expect(new Set(configs).size).toBeGreaterThan(3);
    for (const d of draws) {
      if (typeof d === "string") throw new Error(d);
      const c = d.config!;
      expect(d.scenario.processes).toBe(c.processes);
      expect(d.scenario.faults.disk.fsyncLatencyUs).toBe(c["faults.disk.fsyncLatencyUs"]);
      expect(c.processes).toBeGreaterThanOrEqual(1);
      expect(c.processes).toBeLessThanOrEqual(3);
      // The distribution's own parameters only, a strategy's own parameters only.
      if (d.scenario.workload.keys.distribution.kind === "zipf") expect(d.scenario.workload.keys.distribution).toHaveProperty("exponent", c["workload.keys.exponent"]);
      if (d.scenario.strategy.name !== "pct") expect(d.scenario.strategy.depth).toBeUndefined();
    }
  });

  it("is part of the seed's replay: same seed, same trace hash; the config is in the result", () => {
    const s = load({ processes: [1, 2], "workload.keys.count": [1, 6], "faults.disk.writeEioProbabilityPerOp": [0, 0.05] });
    const a = runSeed({ scenario: s, seed: 11n });
    const b = runSeed({ scenario: s, seed: 11n });
    if (typeof a === "string" || typeof b === "string") throw new Error("run failed");
    expect(a.outcome.traceHash).toBe(b.outcome.traceHash);
    expect(a.config).toEqual(b.config);
    expect(Object.keys(a.config!)).toEqual(["processes", "workload.keys.count", "faults.disk.writeEioProbabilityPerOp"]);
  });

  it("merges a chosen object into the scenario: a profile of fields that go together", () => {
    const s = load({ ".": { oneOf: [{ workload: { values: "register", singleKeyOpRatio: 0 }, engine: { gcEveryCommits: 1 } }] } });
    const d = drawScenario(s, 1n);
    if (typeof d === "string") throw new Error(d);
    expect(d.scenario.workload.values).toBe("register");
    expect(d.scenario.workload.opsPerThread).toBe(3);
    expect(d.scenario.engine).toEqual({ gcEveryCommits: 1 });
  });
});

describe("swarm validation", () => {
  it("refuses malformed and out-of-range ranges with the field path", () => {
    expect(err({ processes: [3, 1] })).toBe(`${FILE}: swarm["processes"].max: expected a number >= min (3), got 1`);
    expect(err({ processes: [1.5, 3] })).toBe(`${FILE}: swarm["processes"].min: expected an integer (this field counts), got 1.5`);
    expect(err({ "workload.readRatio": [0, 1.5] })).toMatch(/^scenarios\/t\.json: swarm\["workload\.readRatio"\]: 1\.5 makes the scenario invalid: workload\.readRatio: expected a number in \[0, 1\]/);
    expect(err({ "workload.readRation": [0, 1] })).toMatch(/swarm\["workload\.readRation"\]: 0 makes the scenario invalid: workload\.readRation: unknown field/);
    expect(err({ processes: "many" })).toMatch(/swarm\["processes"\]: expected \[min, max\]/);
    expect(err({ "faults.disk.fsyncLatencyUs": { min: 0, max: 10, log: true } })).toMatch(/swarm\["faults\.disk\.fsyncLatencyUs"\]\.min: expected a number > 0 for a log-uniform range/);
    expect(err({ "strategy.name": { oneOf: [] } })).toMatch(/swarm\["strategy\.name"\]\.oneOf: expected a non-empty list/);
    expect(err({ "strategy.name": { oneOf: ["random", "bogus"] } })).toMatch(/"bogus" makes the scenario invalid: strategy\.name/);
    expect(err({ gate: { oneOf: [{ seeds: 1 }] } })).toMatch(/swarm\["gate"\]: expected a field of the run/);
    expect(err([1, 2])).toMatch(/swarm: expected an object of field paths/);
  });
});

describe("the shipped swarm scenario", () => {
  // Found by the 100,000-seed soak as unknown with a 1M-step budget: a process
  // paused for many simulated seconds holds what other threads poll for, so
  // they spin through millions of steps before the pause ends. The run is
  // correct and finishes after about 3M steps; the scenario's budget covers it.
  // The configuration that seed drew then is pinned here (each range a single
  // choice), so widening the shipped ranges does not lose the case.
  const DRAWN = {"processes":3,"threadsPerProcess":4,"workload.opsPerThread":8,"workload.txnSize.min":2,"workload.txnSize.max":5,"workload.readRatio":0.4788,"workload.singleKeyOpRatio":0.686,"workload.scanRatio":0,"workload.thinkUs":53,"workload.keys.count":10,"workload.keys.distribution":"zipf","workload.keys.exponent":1.978,"workload.keys.hotRatio":0.9824,"faults.processCrashProbabilityPerStep":0.0007861,"faults.processCrashesMax":3,"faults.powerLossProbabilityPerStep":0.00007032,"faults.powerLossesMax":1,"faults.faultsStopAtUs":33721653,"faults.crashPoints":[{"label":"wal.fsync","nth":12,"kind":"power"}],"faults.disk.writeEioProbabilityPerOp":0,"faults.disk.fsyncEioProbabilityPerOp":0.0003673,"faults.disk.fsyncLatencyUs":13,"faults.disk.writeLatencyUs":40,"faults.disk.unsyncedWriteSurvivalProbability":0.249,"faults.disk.tornWriteProbability":0.9436,"faults.disk.sectorBytes":512,"faults.buggify.probability":0,"faults.pause.probabilityPerStep":0.0004469,"faults.pause.pausesMax":3,"faults.pause.durationUsMin":2827653,"faults.pause.durationUsMax":77338658,"faults.clock":[],"restart.enabled":true,"restart.delayUs":309,"strategy.name":"random","strategy.depth":4,"strategy.maxSteps":11766,"engine.gcEveryCommits":11,"engine.bucketCount":1,"engine.hazardRecords":22,"engine.readerSlots":58,"engine.txnSlots":52,"engine.keysMax":43,"engine.hlcLogicalBits":3,"engine.channelBatches":34,"engine.epochSeqs":5,"engine.batchCommitsMax":8,"engine.pollUs":5669,"engine.stallUsMax":441454,"workload":{"values":"list-append"},".":{"engine":{"channelBatches":1,"epochSeqs":2}}};

  it("lets a seed whose waiters poll through a long pause finish (seed 6045235651361876507)", async () => {
    const text = await readFile("scenarios/swarm.json", "utf8");
    const json = JSON.parse(text) as Record<string, unknown>;
    json.swarm = Object.fromEntries(Object.entries(DRAWN).map(([k, v]) => [k, { oneOf: [v] }]));
    const parsed = parseScenario(JSON.stringify(json), "scenarios/swarm.json");
    if (!parsed.ok) throw new Error(parsed.error);
    const r = runSeed({ scenario: parsed.scenario, seed: 6045235651361876507n });
    if (typeof r === "string") throw new Error(r);
    expect(r.config).toEqual(DRAWN);
    expect(r.outcome.steps).toBeGreaterThan(1_000_000);
    expect(r.verdict).toBe("ok");
  }, 180_000);
});
