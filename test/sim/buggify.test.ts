// BUGGIFY: off unless the run asks for it (no draws, so no hash change); when
// on, labels are enabled per run and fire from the seed's own stream, so the
// same seed takes the same slow paths, and the run still checks out ok.
import { describe, expect, it } from "vitest";
import { Buggify } from "../../src/sim/buggify.js";
import { Rng } from "../../src/sim/rng.js";
import { runSeed } from "../../src/harness/run-seed.js";
import { parseScenario } from "../../src/harness/scenario.js";

function scenario(buggify?: number) {
  const r = parseScenario(
    JSON.stringify({
      name: "b",
      description: "buggify",
      processes: 2,
      workload: { opsPerThread: 6, keys: { count: 3 } },
      faults: { processCrashProbabilityPerStep: 0.002, processCrashesMax: 2, ...(buggify !== undefined ? { buggify: { probability: buggify } } : {}) },
      engine: { gcEveryCommits: 2 },
    }),
    "b",
  );
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

describe("buggify", () => {
  it("never fires at probability 0 and is a function of the seed otherwise", () => {
    const off = new Buggify({ probability: 0 }, new Rng(1n));
    expect([1, 2, 3].map(() => off.fire("x"))).toEqual([false, false, false]);
    const draw = (seed: bigint) => {
      const b = new Buggify({ probability: 1 }, new Rng(seed));
      return ["a", "b", "c", "d", "e", "f"].map((l) => b.fire(l));
    };
    expect(draw(7n)).toEqual(draw(7n));
    expect(draw(7n).some((x) => x) && draw(7n).some((x) => !x)).toBe(true);
  });

  it("is off in a scenario without it (same hash as probability 0) and changes the run when on", () => {
    const plain = runSeed({ scenario: scenario(), seed: 5n });
    const zero = runSeed({ scenario: scenario(0), seed: 5n });
    const on = runSeed({ scenario: scenario(1), seed: 5n });
    const again = runSeed({ scenario: scenario(1), seed: 5n });
    if (typeof plain === "string" || typeof zero === "string" || typeof on === "string" || typeof again === "string") throw new Error("run failed");
    expect(zero.outcome.traceHash).toBe(plain.outcome.traceHash);
    expect(on.stats.buggified).toBeGreaterThan(0);
    expect(on.outcome.traceHash).not.toBe(plain.outcome.traceHash);
    expect(again.outcome.traceHash).toBe(on.outcome.traceHash);
    expect(on.verdict).toBe("ok");
  });
});
