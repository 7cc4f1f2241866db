// The adversarial scenario: the correct engine under long scans, crash loops
// and clock jumps shows no violation and no unknown.
import { describe, expect, it } from "vitest";
import { huntBug } from "../../src/harness/hunt.js";
import { loadScenario, type Scenario } from "../../src/harness/scenario.js";

async function load(): Promise<Scenario> {
  const r = await loadScenario("scenarios/adversarial-schedule.json");
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

describe("adversarial-schedule", () => {
  it("the correct engine passes its first seeds, which do crash, restart and jump the clock", async () => {
    const s = await load();
    let restarts = 0;
    let unknown = 0;
    const r = huntBug({ scenario: s, maxSeeds: 10, onSeed: (res) => {
      restarts += res.history.filter((e) => e.f === "restart" || e.f === "crash").length;
      if (res.verdict === "unknown") unknown++;
    } });
    if (typeof r === "string") throw new Error(r);
    expect(r.found?.violation.explanation).toBeUndefined();
    expect(unknown).toBe(0);
    expect(restarts).toBeGreaterThan(0);
    expect(s.faults.clock.map((c) => c.kind)).toEqual(expect.arrayContaining(["jump", "freeze"]));
    expect(s.workload.thinkUs).toBeGreaterThan(0);
  }, 60_000);
});
