// docs/scenarios.md stays true: its complete example loads, and every field
// path the example uses (hence every field the format has) is in the tables.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/harness/scenario.js";
import { KNOWN_CRASH_LABELS } from "../../src/harness/scenario-labels.js";
import { ENGINE_CAPACITY_NAMES } from "../../src/harness/scenario-engine.js";
import { DEFAULT_DISK_OPTIONS } from "../../src/sim/disk/disk-options.js";

const doc = readFileSync("docs/scenarios.md", "utf8");
const example = /```json\n([\s\S]*?)\n```/.exec(doc)![1]!;

function fieldNames(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) fieldNames(x, out);
  else if (typeof v === "object" && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      out.add(k);
      fieldNames(x, out);
    }
  }
  return out;
}

describe("docs/scenarios.md", () => {
  it("its complete example is a valid scenario", () => {
    const r = parseScenario(example, "docs/example.json");
    if (!r.ok) throw new Error(r.error);
    expect(r.scenario.strategy).toEqual({ name: "pct", depth: 3, maxSteps: 50000 });
  });

  it("documents every field the example uses, every crash label, disk option and engine capacity", () => {
    for (const f of fieldNames(JSON.parse(example))) expect(doc, f).toMatch(new RegExp(`\`[^\`]*\\b${f}\\b[^\`]*\``));
    for (const l of KNOWN_CRASH_LABELS) expect(doc, l).toContain(`\`${l}\``);
    for (const d of Object.keys(DEFAULT_DISK_OPTIONS)) expect(doc, d).toContain(`\`${d}\``);
    for (const e of ENGINE_CAPACITY_NAMES) expect(doc, e).toContain(`\`${e}\``);
  });
});
