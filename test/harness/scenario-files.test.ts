// Every shipped scenario loads, names itself after its file, aims crash points
// only at known labels, and each bug switch has exactly one bug scenario that
// expects the property the switch breaks.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/harness/scenario.js";
import { BUG_NAMES, BUG_PROPERTIES } from "../../src/harness/scenario-bugs.js";
import { KNOWN_CRASH_LABELS } from "../../src/harness/scenario-labels.js";

const dir = "scenarios";
const files = [
  ...readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => join(dir, f)),
  ...readdirSync(join(dir, "bugs")).filter((f) => f.endsWith(".json")).map((f) => join(dir, "bugs", f)),
].sort();

describe("shipped scenarios", () => {
  it("there are the hazard scenarios and one per bug", () => {
    expect(files.filter((f) => !f.includes("/bugs/")).length).toBeGreaterThanOrEqual(10);
    expect(files.filter((f) => f.includes("/bugs/")).length).toBe(BUG_NAMES.length);
  });

  it.each(files)("%s loads", async (file) => {
    const r = await loadScenario(file);
    if (!r.ok) throw new Error(r.error);
    expect(r.scenario.file).toBe(file);
    expect(r.scenario.gate.seeds).toBeGreaterThan(0);
    for (const cp of r.scenario.faults.crashPoints) expect(KNOWN_CRASH_LABELS).toContain(cp.label);
  });

  it.each(BUG_NAMES)("bug %s has a scenario expecting the property it breaks", async (bug) => {
    const r = await loadScenario(join(dir, "bugs", `${bug}.json`));
    if (!r.ok) throw new Error(r.error);
    expect(r.scenario.bugs).toEqual([bug]);
    // The engine's bug table names the property first; a second one is allowed
    // where the checkers classify the same defect differently (noted in the file).
    expect(r.scenario.expect.kind).toBe("find");
    if (r.scenario.expect.kind === "find") expect(r.scenario.expect.properties[0]).toBe(BUG_PROPERTIES[bug]);
  });

  it("hazard scenarios expect to pass with no bug on", async () => {
    for (const file of files.filter((f) => !f.includes("/bugs/"))) {
      const r = await loadScenario(file);
      if (!r.ok) throw new Error(r.error);
      expect(r.scenario.bugs, file).toEqual([]);
      expect(r.scenario.expect, file).toEqual({ kind: "pass" });
    }
  });
});
