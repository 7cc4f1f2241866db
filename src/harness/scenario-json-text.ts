// A Scenario written back as scenario-file JSON: what `shrink` writes for a
// smaller case and what generated scenarios are saved as. Contract:
// parseScenario(scenarioJsonText(s), s.file) gives back a Scenario deep-equal
// to s (every field written explicitly, defaults included).
import type { Scenario } from "./scenario.js";

export function scenarioJsonObject(s: Scenario): Record<string, unknown> {
  const d = s.workload.keys.distribution;
  const keys: Record<string, unknown> = { count: s.workload.keys.count, distribution: d.kind };
  if (d.kind === "zipf") keys.exponent = d.exponent;
  if (d.kind === "hotset") Object.assign(keys, { hotKeys: d.hotKeys, hotRatio: d.hotRatio });
  return {
    name: s.name,
    description: s.description,
    ...(s.target !== "mvsim" ? { target: s.target } : {}),
    processes: s.processes,
    threadsPerProcess: s.threadsPerProcess,
    workload: {
      opsPerThread: s.workload.opsPerThread,
      txnSize: { min: s.workload.txnSize.min, max: s.workload.txnSize.max },
      readRatio: s.workload.readRatio,
      singleKeyOpRatio: s.workload.singleKeyOpRatio,
      ...(s.workload.scanRatio > 0 ? { scanRatio: s.workload.scanRatio } : {}),
      ...(s.workload.thinkUs > 0 ? { thinkUs: s.workload.thinkUs } : {}),
      keys,
      values: s.workload.values,
    },
    faults: s.faults,
    restart: s.restart,
    strategy: s.strategy,
    stepBudgetMax: s.stepBudgetMax,
    stepUs: s.stepUs,
    ...(s.timeLimitUs !== undefined ? { timeLimitUs: s.timeLimitUs } : {}),
    gate: { seeds: s.gate.seeds, masterSeed: s.gate.masterSeed.toString(10) },
    bugs: s.bugs,
    expect: s.expect.kind === "pass" ? "pass" : { find: s.expect.properties },
    arena: s.arena,
    checks: s.checks,
    engine: s.engine,
    ...(s.sometimes !== undefined ? { sometimes: s.sometimes } : {}),
    ...(s.swarm !== undefined ? { swarm: s.swarm.raw } : {}),
  };
}

export function scenarioJsonText(s: Scenario): string {
  return JSON.stringify(scenarioJsonObject(s), null, 2) + "\n";
}
