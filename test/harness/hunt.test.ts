// huntBug: a switch that shows quickly is found (on the seeds the CLI runs, in
// order), and the near twin — the same scenario with the switch off, or a
// correct-engine scenario — is not, within the same budget.
import { describe, expect, it } from "vitest";
import { huntBug, huntBugDfs, type HuntResult } from "../../src/harness/hunt.js";
import { BUG_PROPERTIES } from "../../src/harness/scenario-bugs.js";
import { loadScenario, type Scenario } from "../../src/harness/scenario.js";
import { runSeed } from "../../src/harness/run-seed.js";
import { derivedSeed } from "../../src/harness/seeds.js";

async function load(file: string): Promise<Scenario> {
  const r = await loadScenario(file);
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

function ok(r: HuntResult | string): HuntResult {
  if (typeof r === "string") throw new Error(r);
  return r;
}

const BUDGET = 40;

describe("huntBug", () => {
  it("finds ww-check-toctou, with the property it breaks among the violations, on the derived seeds in order", async () => {
    const s = await load("scenarios/bugs/ww-check-toctou.json");
    const seen: bigint[] = [];
    const r = ok(huntBug({ scenario: { ...s, bugs: [] }, bug: "ww-check-toctou", maxSeeds: BUDGET, onSeed: (_r, i, seed) => { expect(i).toBe(seen.length); seen.push(seed); } }));
    expect(r.found).toBeDefined();
    const f = r.found!;
    expect(f.violations.map((v) => v.property)).toContain(BUG_PROPERTIES["ww-check-toctou"]);
    expect(f.violations[0]).toBe(f.violation);
    expect(r.seedsRun).toBe(f.seedsRun);
    expect(seen.length).toBe(f.seedsRun);
    expect(seen).toEqual(seen.map((_, i) => derivedSeed(s.gate.masterSeed, i)));
    expect(f.seed).toBe(seen[seen.length - 1]);
    expect(r.steps).toBeGreaterThanOrEqual(f.stepsInRun);
    // Deterministic: the same request finds the same seed.
    expect(ok(huntBug({ scenario: { ...s, bugs: [] }, bug: "ww-check-toctou", maxSeeds: BUDGET })).found?.seed).toBe(f.seed);
  });

  it("does not find it with the switch off (the same scenario, its bugs dropped)", async () => {
    const s = await load("scenarios/bugs/ww-check-toctou.json");
    let calls = 0;
    const r = ok(huntBug({ scenario: { ...s, bugs: [] }, maxSeeds: BUDGET, onSeed: () => calls++ }));
    expect(r.found).toBeUndefined();
    expect(r.seedsRun).toBe(BUDGET);
    expect(calls).toBe(BUDGET);
    expect(r.steps).toBeGreaterThan(0);
  });

  it("finds hlc-logical-saturation from another master seed, and not on a correct-engine scenario", async () => {
    const s = await load("scenarios/bugs/hlc-logical-saturation.json");
    const seen: bigint[] = [];
    const r = ok(huntBug({ scenario: s, bug: "hlc-logical-saturation", maxSeeds: BUDGET, masterSeed: 7n, onSeed: (_r, _i, seed) => seen.push(seed) }));
    // The seed's first violation may be another property it also breaks; the switch's own must be among them.
    expect(r.found?.violations.map((v) => v.property)).toContain(BUG_PROPERTIES["hlc-logical-saturation"]);
    expect(seen[0]).toBe(derivedSeed(7n, 0));
    const correct = await load("scenarios/register-linearizability.json");
    expect(ok(huntBug({ scenario: correct, maxSeeds: 10 })).found).toBeUndefined();
  });

  it("gives a bad strategy name back as a one-line error", async () => {
    const s = await load("scenarios/bugs/ww-check-toctou.json");
    const r = huntBug({ scenario: s, bug: "ww-check-toctou", strategy: "nope", maxSeeds: 1 });
    expect(typeof r).toBe("string");
    expect(r as string).toMatch(/unknown strategy "nope"/);
    expect(r as string).not.toContain("\n");
  });
});

describe("huntBugDfs", () => {
  it("enumerates schedules of one seed's workload: each run a new decision list, deterministic", async () => {
    const s = await load("scenarios/bugs/ww-check-toctou.json");
    const runs: { seed: bigint; decisions: string }[] = [];
    const req = { scenario: { ...s, bugs: [] }, maxRuns: 6, masterSeed: 3n };
    const r = huntBugDfs({ ...req, onRun: (res, run, seed) => {
        expect(run).toBe(runs.length);
        runs.push({ seed, decisions: res.outcome.decisions.join(",") });
      },
    });
    if (typeof r === "string") throw new Error(r);
    expect(r.found).toBeUndefined();
    expect(r.seedsRun).toBe(6);
    expect(runs.length).toBe(6);
    // One workload (the tree is far larger than six runs), six different schedules of it.
    expect(r.seedsExplored).toBe(1);
    expect(r.seedsExhausted).toBe(0);
    expect(new Set(runs.map((x) => x.seed))).toEqual(new Set([derivedSeed(3n, 0)]));
    expect(new Set(runs.map((x) => x.decisions)).size).toBe(6);
    const again = huntBugDfs(req);
    if (typeof again === "string") throw new Error(again);
    expect(again.steps).toBe(r.steps);
  });

  it("a found run replays from its decisions to the same violation", async () => {
    const s = await load("scenarios/bugs/writer-lock-dead-owner.json");
    const r = huntBugDfs({ scenario: { ...s, bugs: [] }, bug: "writer-lock-dead-owner", maxRuns: 20 });
    if (typeof r === "string") throw new Error(r);
    expect(r.found).toBeDefined();
    const replay = runSeed({ scenario: { ...s, bugs: [] }, seed: r.found!.seed, extraBugs: ["writer-lock-dead-owner"], decisions: r.decisions! });
    if (typeof replay === "string") throw new Error(replay);
    expect(replay.violations[0]).toEqual(r.found!.violation);
  });
});
