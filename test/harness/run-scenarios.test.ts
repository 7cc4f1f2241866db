import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { HISTORIES_PER_SCENARIO_MAX, type ScenarioReport } from "../../src/harness/run-result.js";
import { runScenarios } from "../../src/harness/run-scenarios.js";
import { loadScenario } from "../../src/harness/scenario.js";
import { WHOLE } from "../../src/harness/seeds.js";

const execArgv = ["--import", fileURLToPath(new URL("../real/ts-worker-register.mjs", import.meta.url))];

describe("runScenarios", () => {
  it("gives the same seeds, hashes and verdicts on one worker and on two", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mvsim-rs-"));
    const file = join(dir, "hot.json");
    writeFileSync(
      file,
      JSON.stringify({
        name: "hot",
        description: "hot key with the toctou switch",
        processes: 1,
        threadsPerProcess: 3,
        workload: { opsPerThread: 6, txnSize: { min: 1, max: 2 }, readRatio: 0, keys: { count: 2, distribution: "hotset", hotKeys: 1, hotRatio: 0.9 } },
        bugs: ["ww-check-toctou"],
        expect: { find: "write-conflict" },
        gate: { seeds: 8 },
      }),
    );
    // The same with pct and no maxSteps: k is calibrated once and shared by the two workers (shared-calibration.ts).
    const pctFile = join(dir, "hot-pct.json");
    writeFileSync(pctFile, readFileSync(file, "utf8").replace('"name":"hot"', '"name":"hot-pct","strategy":{"name":"pct","depth":3}'));
    const loaded = await loadScenario(file);
    const pct = await loadScenario(pctFile);
    if (!loaded.ok || !pct.ok) throw new Error("fixture scenarios do not load");
    expect(pct.scenario.strategy.name).toBe("pct");
    const req = { scenarios: [loaded.scenario, pct.scenario], seeds: () => ({ kind: "derived" as const, master: 9n, count: 8 }), shard: WHOLE, extraBugs: [], execArgv };
    const one = await runScenarios({ ...req, workers: 1 });
    const two = await runScenarios({ ...req, workers: 2 });
    const key = (r: typeof one) => r.map((x) => x.seeds.map((s) => [s.index, s.seed, s.traceHash, s.verdict, s.replay, s.stats?.pctMaxSteps]));
    expect(key(two)).toEqual(key(one));
    expect(one[0]!.summary.violations).toBeGreaterThan(0);
    expect(one[1]!.seeds[0]!.stats?.pctMaxSteps).toBeGreaterThan(0);
  }, 60_000);

  it("gives the same reports, histories included, on one worker and on two, though workers ship only the histories a report keeps", async () => {
    const loaded = await loadScenario("scenarios/bugs/fractured-commit.json");
    if (!loaded.ok) throw new Error(loaded.error);
    const req = { scenarios: [loaded.scenario], seeds: () => ({ kind: "derived" as const, master: 3n, count: 16 }), shard: WHOLE, extraBugs: [], execArgv };
    const strip = (r: ScenarioReport[]) => r.map((x) => ({ ...x, seeds: x.seeds.map(({ durationWallMs: _w, ...rest }) => rest) }));
    const one = await runScenarios({ ...req, workers: 1 });
    const two = await runScenarios({ ...req, workers: 2 });
    expect(strip(two)).toEqual(strip(one));
    const seeds = one[0]!.seeds;
    // The case is one where histories are left out: more failing seeds than a report keeps histories of.
    expect(seeds.filter((x) => x.verdict === "violation").length).toBeGreaterThan(2 * HISTORIES_PER_SCENARIO_MAX);
    expect(seeds.filter((x) => x.history).length).toBeLessThanOrEqual(HISTORIES_PER_SCENARIO_MAX + 1);
    expect(seeds.some((x) => x.historyOmitted)).toBe(true);
  }, 120_000);
});
