// Sometimes-coverage: a scenario that declares a rare engine event fails when
// none of its seeds reached it, passes when one did; the report's table counts
// seeds per event; the simulator counts the engine's marks per seed.
import { describe, expect, it } from "vitest";
import { openEngine } from "../../src/engine/engine.js";
import { buildReport, scenarioReport, summarizeSeeds } from "../../src/harness/run-summary.js";
import type { SeedResult } from "../../src/harness/run-result.js";
import { parseScenario } from "../../src/harness/scenario.js";
import { sometimesMarkdown, sometimesRows } from "../../src/report/sometimes-table.js";
import { engineWorld } from "../engine/engine-world.js";
import { seed } from "../report/fixtures.js";

function withMarks(s: SeedResult, sometimes: Record<string, number>): SeedResult {
  return { ...s, sometimes };
}

describe("sometimes-coverage", () => {
  it("fails a scenario whose declared event no seed reached, and passes it once one did", () => {
    const declared = ["ww-conflict-abort", "gc-drop-version"];
    const missing = summarizeSeeds({ kind: "pass" }, [withMarks(seed("a", 0, "ok"), { "gc-drop-version": 2 }), withMarks(seed("a", 1, "ok"), {})], declared);
    expect(missing.status).toBe("failed");
    expect(missing.reason).toContain("no seed reached ww-conflict-abort");
    expect(missing.sometimes?.unreached).toEqual(["ww-conflict-abort"]);
    expect(missing.sometimes?.seedsReaching["gc-drop-version"]).toBe(1);
    const reached = summarizeSeeds({ kind: "pass" }, [withMarks(seed("a", 0, "ok"), { "gc-drop-version": 2 }), withMarks(seed("a", 1, "ok"), { "ww-conflict-abort": 1 })], declared);
    expect(reached.status).toBe("passed");
    expect(reached.sometimes?.unreached).toEqual([]);
  });

  it("tabulates seeds per event over the report's scenarios", () => {
    const a = scenarioReport({ name: "a", file: "a.json", description: "", expect: { kind: "pass" }, bugs: [], strategy: "random", sometimesDeclared: ["reclaim-block"] }, [
      withMarks(seed("a", 0, "ok"), { "reclaim-block": 3 }),
      withMarks(seed("a", 1, "ok"), { "reclaim-block": 1, "gc-drop-version": 1 }),
    ]);
    const b = scenarioReport({ name: "b", file: "b.json", description: "", expect: { kind: "pass" }, bugs: [], strategy: "random" }, [withMarks(seed("b", 0, "ok"), { "gc-drop-version": 1 })]);
    const report = buildReport({ runId: "r", startedAt: "2026-01-01T00:00:00.000Z", command: "t" }, [a, b]);
    const rows = sometimesRows(report)!;
    expect(rows.seeds).toBe(3);
    expect(rows.rows.find((r) => r.label === "reclaim-block")).toEqual({ label: "reclaim-block", seeds: 2, scenariosReaching: ["a"], declaredIn: ["a"], unreachedIn: [] });
    expect(rows.rows.find((r) => r.label === "gc-drop-version")?.seeds).toBe(2);
    expect(sometimesMarkdown(report).join("\n")).toContain("| reclaim-block | 2 | 1 | a |  |");
  });

  it("refuses an unknown label in a scenario's list", () => {
    const r = parseScenario(JSON.stringify({ name: "t", description: "d", sometimes: ["gc-drop"] }), "scenarios/t.json");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^scenarios\/t\.json: sometimes\[0\]: expected one of "ww-conflict-abort", .*got "gc-drop"$/);
  });

  it("the simulator counts the engine's marks: two writers on one key reach a conflict abort", () => {
    const w = engineWorld(9n);
    const pid = w.spawnProcess("p");
    w.spawnThread(pid, "t", function* (p) {
      const e = yield* openEngine(p);
      const t1 = yield* e.begin(p);
      const t2 = yield* e.begin(p);
      yield* t1.put(p, "k", "1");
      yield* t1.commit(p);
      try {
        yield* t2.put(p, "k", "2");
      } catch {
        yield* t2.abort(p);
      }
    });
    w.run();
    expect(w.sometimes["ww-conflict-abort"]).toBe(1);
  });
});
