// Scenario summaries, totals, verdicts and replay lines.
import { describe, expect, it } from "vitest";
import { HISTORIES_PER_SCENARIO_MAX, replayLine, seedResult } from "../../src/harness/run-result.js";
import { exitCodeOf, makeRunId, scenarioReport, summarizeSeeds } from "../../src/harness/run-summary.js";
import { cycleViolation, linViolation, sampleReport, seed } from "../report/fixtures.js";

const durability = { ...linViolation, property: "durability" as const };

describe("summarizeSeeds", () => {
  it("a pass scenario passes with no violation and fails with one, naming the first failing seed", () => {
    expect(summarizeSeeds({ kind: "pass" }, [seed("a", 0, "ok"), seed("a", 1, "ok")])).toMatchObject({ status: "passed", expectationMet: true, seedsRun: 2, ok: 2 });
    const s = summarizeSeeds({ kind: "pass" }, [seed("a", 0, "ok"), seed("a", 3, "violation", { violations: [cycleViolation] }), seed("a", 2, "violation", { violations: [linViolation] })]);
    expect(s).toMatchObject({ status: "failed", expectationMet: false, violations: 2, firstFailingSeed: "102", propertiesFound: ["linearizability", "serializability"] });
  });

  it("a pass scenario with unknown seeds and no violation is unknown", () => {
    expect(summarizeSeeds({ kind: "pass" }, [seed("a", 0, "ok"), seed("a", 1, "unknown")]).status).toBe("unknown");
  });

  it("a find scenario passes only when the expected property broke", () => {
    const want = { kind: "find", properties: ["durability"] } as const;
    const found = summarizeSeeds(want, [seed("b", 0, "violation", { violations: [linViolation] }), seed("b", 1, "violation", { violations: [durability] })]);
    expect(found).toMatchObject({ status: "passed", expectationMet: true, firstFailingSeed: "101" });
    const other = summarizeSeeds(want, [seed("b", 0, "violation", { violations: [linViolation] })]);
    expect(other).toMatchObject({ status: "failed", expectationMet: false });
    expect(other.reason).toContain("linearizability instead");
    expect(summarizeSeeds(want, [seed("b", 0, "ok")])).toMatchObject({ status: "failed", reason: "expected to find durability, not found in 1 seeds" });
    expect(summarizeSeeds(want, [seed("b", 0, "unknown")]).status).toBe("unknown");
  });
});

describe("reports", () => {
  it("totals and verdict follow the scenarios", () => {
    const r = sampleReport();
    expect(r.totals).toEqual({ scenarios: 2, scenariosPassed: 1, scenariosFailed: 1, scenariosUnknown: 0, seeds: 5, ok: 4, violations: 1, unknown: 0 });
    expect(r.verdict).toBe("violation");
    expect(exitCodeOf(r)).toBe(1);
  });

  it("only failing seeds keep schedule and history", () => {
    const ok = seed("a", 0, "ok");
    expect(ok.schedule).toBeUndefined();
    expect(ok.history).toBeUndefined();
    const bad = seed("a", 1, "violation", { violations: [cycleViolation] });
    expect(bad.schedule).toBe("s1:0x2.1x3.0");
    expect(bad.history?.length).toBeGreaterThan(0);
  });

  it("replay lines carry the seed, extra bugs and a strategy override, shell-quoted", () => {
    expect(replayLine({ scenario: "scenarios/bank.json", seed: 42n })).toBe("mvsim replay scenarios/bank.json --seed 42");
    expect(replayLine({ scenario: "my dir/x.json", seed: 1n, extraBugs: ["fractured-commit"], strategy: "pct" })).toBe(
      "mvsim replay 'my dir/x.json' --seed 1 --strategy pct --bug fractured-commit",
    );
    const r = seedResult("x", 0, { scenario: "x.json", seed: 18446744073709551615n }, { verdict: "ok", violations: [], steps: 1, timeUs: 1, traceHash: "h" });
    expect(r.seed).toBe("18446744073709551615");
  });

  it("run ids carry the start time", () => {
    expect(makeRunId(new Date("2026-11-21T13:05:09.000Z"), "gate")).toMatch(/^20261121-130509-[0-9a-f]{4}$/);
  });
});

describe("history budget", () => {
  it("keeps the history of the first failing seeds only, by index", () => {
    const seeds = [5, 3, 9, 1, 7].map((i) => seed("h", i, "violation", { violations: [cycleViolation] }));
    const r = scenarioReport({ name: "h", file: "h.json", description: "", expect: { kind: "pass" }, bugs: [], strategy: "random" }, seeds);
    expect(r.seeds.map((s) => s.index)).toEqual([1, 3, 5, 7, 9]);
    expect(r.seeds.map((s) => s.history !== undefined)).toEqual([0, 1, 2, 3, 4].map((i) => i < HISTORIES_PER_SCENARIO_MAX));
    expect(r.seeds.map((s) => s.historyOmitted === true)).toEqual([0, 1, 2, 3, 4].map((i) => i >= HISTORIES_PER_SCENARIO_MAX));
    expect(r.seeds.every((s) => s.schedule !== undefined)).toBe(true);
  });
});

describe("history budget for find scenarios", () => {
  it("the seed that found the expected property keeps its history even when it is not among the first", () => {
    const want = { kind: "find", properties: ["durability"] } as const;
    const durability = { ...linViolation, property: "durability" as const };
    const seeds = [0, 1, 2, 3, 4].map((i) => seed("f", i, "violation", { violations: [i === 4 ? durability : cycleViolation] }));
    const r = scenarioReport({ name: "f", file: "f.json", description: "", expect: want, bugs: ["x"], strategy: "random" }, seeds);
    expect(r.summary.firstFailingSeed).toBe("104");
    expect(r.seeds.find((s) => s.seed === "104")!.history).toBeDefined();
    expect(r.seeds.filter((s) => s.history !== undefined)).toHaveLength(HISTORIES_PER_SCENARIO_MAX + 1);
  });
});
