// Scenario parsing: defaults fill a minimal file, and each kind of malformed
// file is refused with the one line the user needs (file, field path, expected).
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/harness/scenario.js";
import { DEFAULT_DISK_OPTIONS } from "../../src/sim/disk/disk-options.js";

const FILE = "scenarios/t.json";
const base = { name: "t", description: "a test scenario" };

function err(patch: Record<string, unknown>): string {
  const r = parseScenario(JSON.stringify({ ...base, ...patch }), FILE);
  if (r.ok) throw new Error("expected a refusal");
  return r.error;
}

describe("parseScenario", () => {
  it("fills every default into a minimal file", () => {
    const r = parseScenario(JSON.stringify(base), FILE);
    if (!r.ok) throw new Error(r.error);
    const s = r.scenario;
    expect(s.processes).toBe(1);
    expect(s.threadsPerProcess).toBe(2);
    expect(s.workload.keys.distribution).toEqual({ kind: "uniform" });
    expect(s.faults.disk).toEqual(DEFAULT_DISK_OPTIONS);
    expect(s.faults.crashPoints).toEqual([]);
    expect(s.expect).toEqual({ kind: "pass" });
    expect(s.strategy).toEqual({ name: "random" });
    expect(s.gate.masterSeed).toBe(0n);
    expect(s.restart).toEqual({ enabled: true, delayUs: 1000 });
  });

  it("reads nested fields, distributions and seeds", () => {
    const r = parseScenario(
      JSON.stringify({
        ...base,
        workload: { keys: { count: 10, distribution: "hotset", hotKeys: 2, hotRatio: 0.9 }, txnSize: { min: 2, max: 2 } },
        strategy: { name: "pct", depth: 2 },
        stepBudgetMax: 5000,
        gate: { seeds: 7, masterSeed: "0xff" },
        faults: { crashPoints: [{ label: "wal.fsync", nth: 2, kind: "power" }], clock: [{ kind: "freeze", atUs: 0, durationUs: 10 }], disk: { fsyncLatencyUs: 5 } },
        bugs: ["commit-ack-before-fsync"],
        expect: { find: ["durability", "linearizability"] },
      }),
      FILE,
    );
    if (!r.ok) throw new Error(r.error);
    expect(r.scenario.workload.keys.distribution).toEqual({ kind: "hotset", hotKeys: 2, hotRatio: 0.9 });
    // No maxSteps: k is calibrated at run time (src/harness/pct-calibration.ts), not the step budget.
    expect(r.scenario.strategy).toEqual({ name: "pct", depth: 2 });
    expect(r.scenario.gate).toEqual({ seeds: 7, masterSeed: 255n });
    expect(r.scenario.faults.disk.fsyncLatencyUs).toBe(5);
    expect(r.scenario.expect).toEqual({ kind: "find", properties: ["durability", "linearizability"] });
  });

  const cases: [string, Record<string, unknown>, string][] = [
    ["a bad enum", { workload: { keys: { distribution: "zip" } } }, `${FILE}: workload.keys.distribution: expected "uniform" | "zipf" | "hotset", got "zip"`],
    ["an unknown field (typo)", { workload: { readRation: 0.5 } }, `${FILE}: workload.readRation: unknown field`],
    ["an unknown top-level field", { proceses: 2 }, `${FILE}: proceses: unknown field`],
    ["a probability out of range", { workload: { readRatio: 1.5 } }, `${FILE}: workload.readRatio: expected a number in [0, 1], got 1.5`],
    ["a non-integer count", { processes: 1.5 }, `${FILE}: processes: expected an integer in [1, 16]`],
    ["a wrong type", { threadsPerProcess: "2" }, `${FILE}: threadsPerProcess: expected an integer in [1, 64]`],
    ["min above max", { workload: { txnSize: { min: 4, max: 2 } } }, `${FILE}: workload.txnSize.max: expected an integer >= txnSize.min (4), got 2`],
    ["a field of another distribution", { workload: { keys: { exponent: 1.2 } } }, `${FILE}: workload.keys.exponent: expected no exponent unless distribution is "zipf"`],
    ["hot keys above key count", { workload: { keys: { count: 2, distribution: "hotset", hotKeys: 3 } } }, `${FILE}: workload.keys.hotKeys: expected an integer <= keys.count (2), got 3`],
    ["an unknown bug", { bugs: ["ww-check-toctu"] }, `${FILE}: bugs[0]: expected a bug switch (`],
    ["a duplicated bug", { bugs: ["fractured-commit", "fractured-commit"] }, `${FILE}: bugs: expected each switch at most once`],
    ["an unknown property", { bugs: ["fractured-commit"], expect: { find: "atomicity" } }, `${FILE}: expect.find: expected "snapshot-isolation" | "write-conflict"`],
    ["find without a bug", { expect: { find: "durability" } }, `${FILE}: expect.find: expected a bug switch in "bugs"`],
    ["a bad expect string", { expect: "passes" }, `${FILE}: expect: expected "pass" or { "find": <property> | [<property>...] }, got "passes"`],
    ["a crash point at an unknown label", { faults: { crashPoints: [{ label: "commit.publsh", nth: 1 }] } }, `${FILE}: faults.crashPoints[0].label: expected one of `],
    ["a crash point without nth", { faults: { crashPoints: [{ label: "wal.fsync" }] } }, `${FILE}: faults.crashPoints[0].nth: required field is missing`],
    ["a bad clock fault kind", { faults: { clock: [{ kind: "stop", atUs: 1 }] } }, `${FILE}: faults.clock[0].kind: expected "freeze" | "jump" | "skew", got "stop"`],
    ["a bad disk option", { faults: { disk: { tornWriteProbability: 2 } } }, `${FILE}: faults.disk.tornWriteProbability: expected a probability in [0, 1], got 2`],
    ["an unknown disk option", { faults: { disk: { eioWriteProbability: 0.1 } } }, `${FILE}: faults.disk.eioWriteProbability: unknown field`],
    ["crash probability with no crashes allowed", { faults: { processCrashProbabilityPerStep: 0.01, processCrashesMax: 0 } }, `${FILE}: faults.processCrashesMax: expected an integer >= 1 when processCrashProbabilityPerStep > 0, got 0`],
    ["a strategy parameter of another strategy", { strategy: { name: "random", depth: 3 } }, `${FILE}: strategy.depth: expected no depth unless strategy.name is "pct"`],
    ["an unknown strategy", { strategy: { name: "bfs" } }, `${FILE}: strategy.name: expected "random" | "pct" | "dfs" | "round-robin", got "bfs"`],
    ["a bad master seed", { gate: { masterSeed: "12ab" } }, `${FILE}: gate.masterSeed: expected a seed`],
    ["faults stopping after the time limit", { timeLimitUs: 100, faults: { faultsStopAtUs: 200 } }, `${FILE}: faults.faultsStopAtUs: expected a time before timeLimitUs (100), got 200`],
    ["a name that is not the file's", { name: "other" }, `${FILE}: name: expected "t" (the file name without .json), got "other"`],
    ["a missing description", { description: undefined }, `${FILE}: description: required field is missing`],
    ["an odd arena", { arena: { words: 2049 } }, `${FILE}: arena.words: expected an even number of words, got 2049`],
    ["a bad check model", { checks: { model: "serialisable" } }, `${FILE}: checks.model: expected "read-committed"`],
    ["a negative engine capacity", { engine: { readerSlots: -1 } }, `${FILE}: engine.readerSlots: expected an integer in [1, 4096]`],
    ["an unknown engine capacity", { engine: { readerSlot: 4 } }, `${FILE}: engine.readerSlot: unknown field (expected one of: `],
  ];

  it.each(cases)("refuses %s with one line naming file and field", (_what, patch, prefix) => {
    const e = err(patch);
    expect(e.startsWith(prefix), `${e}\n  should start with\n${prefix}`).toBe(true);
    expect(e).not.toContain("\n");
  });

  it("does not tie an inline scenario's name to a file, nor require its description", () => {
    const r = parseScenario(JSON.stringify({ name: "inline", description: "" }), "<inline>");
    expect(r.ok).toBe(true);
    const f = parseScenario(JSON.stringify({ name: "t", description: " " }), FILE);
    expect(f.ok ? "" : f.error).toBe(`${FILE}: description: expected a sentence saying which hazard the scenario aims at, got " "`);
  });

  it("refuses a top level that is not an object", () => {
    const r = parseScenario("[1, 2]", FILE);
    expect(r.ok ? "" : r.error).toBe(`${FILE}: (top level): expected a scenario object, got [1,2]`);
  });

  it.each([
    ['{\n  "name": "t",\n  "description": "x",\n}', `${FILE}:4:1: trailing comma before '}'`],
    ['{\n  "name": "t"\n  "description": "x"\n}', `${FILE}:3:3: expected ',' or '}' after a property value, got "\\""`],
    ['{\n  "name": "t",\n  "name": "u"\n}', `${FILE}:3:3: duplicate key "name"`],
    ['{ "name": tru }', `${FILE}:1:11: expected a JSON value, got "t"`],
    ['{ "name": "t"', `${FILE}:1:14: expected ',' or '}' after a property value, got end of file`],
    ['{} x', `${FILE}:1:4: unexpected "x" after the JSON value`],
  ])("gives file:line:column for JSON syntax errors (%#)", (text, expected) => {
    const r = parseScenario(text, FILE);
    expect(r.ok ? "" : r.error).toBe(expected);
  });
});
