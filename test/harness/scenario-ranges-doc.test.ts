// docs/scenarios.md states the range and reason of every numeric field, as
// src/harness/scenario-ranges.ts enforces them: a range changed in one place
// and not the other fails here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ENGINE_RANGES, RANGES } from "../../src/harness/scenario-ranges.js";
import type { NumberRule } from "../../src/harness/scenario-fields.js";

export const RANGE_FIELDS: Readonly<Record<keyof typeof RANGES, readonly string[]>> = {
  processes: ["processes"],
  threadsPerProcess: ["threadsPerProcess"],
  clients: ["processes × threadsPerProcess"],
  opsPerThread: ["workload.opsPerThread"],
  opsPerRun: ["processes × threadsPerProcess × workload.opsPerThread"],
  txnSize: ["workload.txnSize.min", "workload.txnSize.max"],
  keyCount: ["workload.keys.count"],
  zipfExponent: ["workload.keys.exponent"],
  thinkUs: ["workload.thinkUs"],
  restartDelayUs: ["restart.delayUs"],
  crashesMax: ["faults.processCrashesMax", "faults.powerLossesMax"],
  timeUs: ["faults.faultsStopAtUs", "faults.clock[].atUs"],
  positiveTimeUs: ["timeLimitUs", "faults.clock[].durationUs"],
  crashNth: ["faults.crashPoints[].nth"],
  pid: ["faults.crashPoints[].pid", "faults.clock[].pid"],
  clockMs: ["faults.clock[].deltaMs", "faults.clock[].skewMs"],
  stepBudgetMax: ["stepBudgetMax"],
  stepUs: ["stepUs"],
  pctDepth: ["strategy.depth"],
  pctMaxSteps: ["strategy.maxSteps"],
  preemptionBound: ["strategy.preemptionBound"],
  quantum: ["strategy.quantum"],
  gateSeeds: ["gate.seeds"],
  arenaWords: ["arena.words"],
  reservedWords: ["arena.reservedWords"],
  quarantineWords: ["arena.quarantineWords"],
  livenessBoundUs: ["checks.livenessBoundUs"],
  maxStatesPerKey: ["checks.maxStatesPerKey"],
  garbageVersionsMax: ["checks.garbageVersionsMax"],
  sectorBytes: ["faults.disk.sectorBytes"],
  capacityBytes: ["faults.disk.capacityBytes"],
  latencyUs: ["faults.disk.readLatencyUs", "faults.disk.writeLatencyUs", "faults.disk.fsyncLatencyUs"],
  eioProbability: ["faults.disk.writeEioProbabilityPerOp", "faults.disk.fsyncEioProbabilityPerOp"],
  corruptSector: ["faults.disk.corruptSectors[].sector"],
};

const fmt = (n: number): string => String(n);
export function rangeRow(fields: readonly string[], r: NumberRule): string {
  return `| ${fields.map((f) => "`" + f + "`").join(", ")} | ${r.integer ? "integer " : ""}[${fmt(r.min!)}, ${fmt(r.max!)}] | ${r.why} |`;
}

export function rangeRows(): string[] {
  const rows = Object.entries(RANGE_FIELDS).map(([k, fields]) => rangeRow(fields, RANGES[k as keyof typeof RANGES]));
  for (const [k, r] of Object.entries(ENGINE_RANGES)) rows.push(rangeRow([`engine.${k}`], r));
  return rows;
}

describe("docs/scenarios.md ranges", () => {
  const doc = readFileSync(new URL("../../docs/scenarios.md", import.meta.url), "utf8");
  it.each(rangeRows())("has the row %s", (row) => {
    expect(doc).toContain(row);
  });
});
