// The quiet period at the end of every finished run: with no client left, the
// store collects what nothing needs, and the reclamation checker bounds the
// garbage left in that last memory sample (every scenario, not one).
import { describe, expect, it } from "vitest";
import { runSeed } from "../../src/harness/run-seed.js";
import { parseScenario } from "../../src/harness/scenario.js";

const scenario = {
  name: "quiet",
  description: "GC every commit under readers",
  threadsPerProcess: 3,
  workload: { opsPerThread: 8, txnSize: { min: 2, max: 4 }, readRatio: 0.5, keys: { count: 3 }, values: "list-append" },
  engine: { gcEveryCommits: 4 },
};

describe("quiet period", () => {
  it("ends a finished run with a memory sample taken after every client op, garbage reclaimed", () => {
    const r = parseScenario(JSON.stringify(scenario), "quiet");
    if (!r.ok) throw new Error(r.error);
    const a = runSeed({ scenario: r.scenario, seed: 3n });
    const b = runSeed({ scenario: r.scenario, seed: 3n });
    if (typeof a === "string" || typeof b === "string") throw new Error("run failed");
    expect(a.verdict).toBe("ok");
    expect(a.outcome.traceHash).toBe(b.outcome.traceHash);
    const lastClient = a.history.map((e) => e.process >= 0).lastIndexOf(true);
    const lastMemory = a.history.map((e) => e.f === "memory").lastIndexOf(true);
    expect(lastMemory).toBeGreaterThan(lastClient);
    expect(a.stats["reclamation.lastGarbageVersions"]).toBe(0);
  });
});
