// A run stopped at its time limit with a client blocked forever is a liveness
// violation: the time-limit event lets the checker judge what is still open
// (before it, a writer waiting on a dead owner's lock recorded nothing late).
import { describe, expect, it } from "vitest";
import { runSeed } from "../../src/harness/run-seed.js";
import { parseScenario } from "../../src/harness/scenario.js";

// Process 0 crashes as it enters its first commit (holding the writer lock),
// never restarts; the other two processes' writers then need that lock.
const scenario = (() => {
  const r = parseScenario(
    JSON.stringify({
      name: "dead-owner-at-time-limit",
      description: "a crash inside the writer lock, no restart, no late event",
      processes: 3,
      threadsPerProcess: 1,
      workload: { opsPerThread: 6, txnSize: { min: 1, max: 2 }, readRatio: 0.3, keys: { count: 3 } },
      faults: { crashPoints: [{ label: "commit.enter", nth: 1 }], faultsStopAtUs: 20000 },
      restart: { enabled: false },
      checks: { livenessBoundUs: 20000 },
      timeLimitUs: 2000000,
      stepBudgetMax: 400000,
    }),
    "scenarios/dead-owner-at-time-limit.json",
  );
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
})();

describe("liveness at the time limit", () => {
  it("reports a writer stuck on a dead owner's lock when the run hits its time limit", () => {
    const r = runSeed({ scenario, seed: 1n, extraBugs: ["writer-lock-dead-owner"] });
    if (typeof r === "string") throw new Error(r);
    expect(r.outcome.end).toBe("time-limit");
    expect(r.violations.map((v) => `${v.property}/${v.kind}`)).toContain("liveness/stuck-op");
    expect(r.history.at(-1)).toMatchObject({ process: -1, f: "time-limit" });
  });

  it("passes the correct engine, which takes the dead owner's lock over and finishes", () => {
    const r = runSeed({ scenario, seed: 1n });
    if (typeof r === "string") throw new Error(r);
    expect(r.outcome.end).toBe("done");
    expect(r.verdict).toBe("ok");
  });
});
