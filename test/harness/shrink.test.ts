import { describe, expect, it } from "vitest";
import { contextSwitches, replayingRunCase, shrink } from "../../src/harness/shrink.js";
import { simulate, type RunSpec } from "../../src/harness/simulate.js";
import { replayStrategy } from "../../src/sim/strategies/replay.js";
import { DEFAULT_WORLD } from "../../src/sim/world.js";
import { dirtyTarget } from "./toy-targets.js";

const { disk: _disk, ...worldNoDisk } = DEFAULT_WORLD;
const spec: RunSpec = {
  processes: 2,
  threadsPerProcess: 2,
  workload: { opsPerThread: 8, txnSizeMin: 2, txnSizeMax: 4, readRatio: 0.5, singleKeyOpRatio: 0, keyCount: 4, keyDistribution: { kind: "uniform" }, values: "list-append" },
  world: { ...worldNoDisk, stepBudgetMax: 50_000, arena: { words: 4096, reservedWords: 64, quarantineWords: 256 } },
  restartDelayUs: 100,
  checks: { model: "serializable" },
};

describe("shrink", () => {
  it("makes a failing run smaller and its schedule replays to the same failure", () => {
    const run = replayingRunCase((s, seed, strategy) => simulate(s, dirtyTarget(), seed, strategy ? { strategy } : {}));
    let seed = 0n;
    let failing = run(spec, seed);
    while (failing.violations.length === 0) failing = run(spec, ++seed);
    const target = failing.violations[0]!;

    const r = shrink(run, spec, seed, target, { seedsPerCandidate: 4, runsMax: 300 });
    expect(r.violation.property).toBe(target.property);
    expect(r.after.ops).toBeLessThan(r.before.ops);
    expect(r.after.switches).toBeLessThanOrEqual(r.before.switches);
    expect(r.after.switches).toBe(contextSwitches(r.decisions));
    expect(r.runs).toBeLessThanOrEqual(301);

    // The shrunk schedule replays strictly, to the same failure, byte for byte.
    const again = simulate(r.spec, dirtyTarget(), r.seed, { strategy: replayStrategy(r.decisions) });
    expect(again.violations.some((v) => v.property === target.property && v.kind === target.kind)).toBe(true);
    expect(again.outcome.decisions).toEqual(r.decisions);
  });

  it("refuses to shrink a run that does not fail", () => {
    const run = replayingRunCase((s, seed, strategy) => simulate(s, dirtyTarget(), seed, strategy ? { strategy } : {}));
    const fake = { kind: "nothing", property: "durability" as const, step: 0, threads: [], evidence: null, explanation: "" };
    expect(() => shrink(run, spec, 0n, fake, { seedsPerCandidate: 1, runsMax: 5 })).toThrow(/does not fail/);
  });
});
