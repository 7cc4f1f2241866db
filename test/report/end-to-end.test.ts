// From a scenario file to the four reports, through the real run loop and
// checkers with the toy targets of test/harness: a store with no isolation
// fails with a cycle whose edges land on the timeline's txn bars, a serial
// store passes, and two shards merged equal the whole run.
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { seedResult, type SeedResult } from "../../src/harness/run-result.js";
import { buildReport, scenarioReport } from "../../src/harness/run-summary.js";
import { parseScenario, type Scenario } from "../../src/harness/scenario.js";
import { scenarioRunSpec, scenarioStrategy } from "../../src/harness/scenario-run-spec.js";
import { seedList, shardSlice, type Shard } from "../../src/harness/seeds.js";
import { simulate } from "../../src/harness/simulate.js";
import type { KvTarget } from "../../src/harness/target.js";
import { htmlReport } from "../../src/report/html-report.js";
import { mergeReports } from "../../src/report/merge-reports.js";
import { summaryMarkdown } from "../../src/report/summary-md.js";
import { dirtyTarget, serialTarget } from "../harness/toy-targets.js";
import { checkMarkup } from "./markup-check.js";

function load(json: object): Scenario {
  const r = parseScenario(JSON.stringify(json), "scenarios/toy.json");
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

const toy = load({
  name: "toy",
  description: "list-append txns on three keys",
  processes: 2,
  threadsPerProcess: 2,
  workload: { opsPerThread: 5, txnSize: { min: 2, max: 3 }, keys: { count: 3 }, values: "list-append" },
  stepBudgetMax: 50_000,
  arena: { words: 65536, quarantineWords: 256 },
  checks: { model: "serializable" },
  gate: { seeds: 8, masterSeed: 3 },
});

function runSeeds(s: Scenario, target: () => KvTarget, shard: Shard = { index: 1, count: 1 }): SeedResult[] {
  const spec = scenarioRunSpec(s);
  return shardSlice(seedList({ kind: "derived", master: s.gate.masterSeed, count: s.gate.seeds }), shard).map(({ index, seed }) => {
    const strategy = scenarioStrategy(s, seed);
    if (typeof strategy === "string") throw new Error(strategy);
    const r = simulate(spec, target(), seed, { strategy });
    return seedResult(s.name, index, { scenario: s.file, seed }, { ...r.outcome, verdict: r.verdict, violations: r.violations, history: r.history, stats: r.stats });
  });
}

function report(seeds: SeedResult[], runId = "e2e") {
  return buildReport({ runId, startedAt: "2026-11-21T13:00:00.000Z", command: "test" }, [
    scenarioReport({ name: toy.name, file: toy.file, description: toy.description, expect: toy.expect, bugs: toy.bugs, strategy: toy.strategy.name }, seeds),
  ]);
}

describe("scenario → run → reports", () => {
  it("a serial store passes the scenario", () => {
    const r = report(runSeeds(toy, serialTarget));
    expect(r.scenarios[0]!.summary).toMatchObject({ status: "passed", seedsRun: 8, ok: 8 });
    expect(htmlReport(r)).toContain("No seed violated anything.");
  });

  it("a store with no isolation fails, and the report draws its first failing seed", () => {
    const r = report(runSeeds(toy, dirtyTarget));
    const sc = r.scenarios[0]!;
    expect(sc.summary.status).toBe("failed");
    const first = sc.seeds.find((s) => s.seed === sc.summary.firstFailingSeed)!;
    expect(first.replay).toBe(`mvsim replay scenarios/toy.json --seed ${first.seed}`);
    expect(first.schedule).toMatch(/^s1:\d/);
    expect(summaryMarkdown(r)).toContain(first.replay);
    const html = htmlReport(r);
    if (process.env.MVSIM_E2E_HTML) writeFileSync(process.env.MVSIM_E2E_HTML, html);
    const { problem, elements } = checkMarkup(html, "html");
    expect(problem).toBeUndefined();
    expect(html).not.toMatch(/https?:\/\//);
    const bars = elements.filter((e) => e.name === "g" && (e.attrs.class ?? "").startsWith("op "));
    expect(bars.length).toBeGreaterThan(0);
    // every cycle step names txns that have bars, and each step has its edge drawn
    const steps = elements.filter((e) => e.name === "li" && e.attrs["data-from"] !== undefined);
    const txnBars = new Set(bars.map((b) => b.attrs["data-txn"]).filter((t) => t !== undefined));
    const edges = elements.filter((e) => e.name === "g" && (e.attrs.class ?? "") === "edge");
    expect(steps.length).toBeGreaterThan(0);
    for (const s of steps) {
      expect(txnBars.has(s.attrs["data-from"]!), s.attrs["data-from"]).toBe(true);
      expect(txnBars.has(s.attrs["data-to"]!), s.attrs["data-to"]).toBe(true);
    }
    expect(edges.length).toBe(steps.length);
  });

  it("two shards merged give the whole run's report", () => {
    const whole = report(runSeeds(toy, dirtyTarget));
    const a = report(runSeeds(toy, dirtyTarget, { index: 1, count: 2 }), "a");
    const b = report(runSeeds(toy, dirtyTarget, { index: 2, count: 2 }), "b");
    const m = mergeReports([{ source: "b", report: b }, { source: "a", report: a }], { runId: "m", command: "merge" });
    if (!m.ok) throw new Error(m.error);
    expect(m.report.conflicts).toEqual([]);
    expect(m.report.scenarios).toEqual(whole.scenarios);
    expect(m.report.totals).toEqual(whole.totals);
  });
});
