import { describe, expect, it } from "vitest";
import { simulate, type RunSpec } from "../../src/harness/simulate.js";
import { NO_FAULTS } from "../../src/sim/faults.js";
import { DEFAULT_WORLD } from "../../src/sim/world.js";
import { dirtyTarget, serialTarget } from "./toy-targets.js";

const { disk: _disk, ...worldNoDisk } = DEFAULT_WORLD;
const spec: RunSpec = {
  processes: 2,
  threadsPerProcess: 2,
  workload: {
    opsPerThread: 6,
    txnSizeMin: 2,
    txnSizeMax: 3,
    readRatio: 0.5,
    singleKeyOpRatio: 0,
    keyCount: 3,
    keyDistribution: { kind: "uniform" },
    values: "list-append",
  },
  world: { ...worldNoDisk, stepBudgetMax: 50_000, arena: { words: 4096, reservedWords: 64, quarantineWords: 256 } },
  restartDelayUs: 100,
  checks: { model: "serializable" },
};

describe("simulate", () => {
  it("passes a correct (serial) target over many seeds", () => {
    for (let seed = 0n; seed < 15n; seed++) {
      const r = simulate(spec, serialTarget(), seed);
      expect(r.violations, `seed ${seed}`).toEqual([]);
      expect(r.verdict).toBe("ok");
      expect(r.history.filter((e) => e.type === "ok")).toHaveLength(24);
    }
  });

  it("catches a target with no isolation, naming the property", () => {
    const found = new Set<string>();
    for (let seed = 0n; seed < 15n; seed++) {
      const r = simulate(spec, dirtyTarget(), seed);
      for (const v of r.violations) found.add(v.property);
    }
    expect(found.size).toBeGreaterThan(0);
    expect([...found].some((p) => p === "snapshot-isolation" || p === "serializability" || p === "atomic-visibility" || p === "write-conflict")).toBe(true);
  });

  it("think time keeps each txn open at least (micro-ops - 1) × thinkUs", () => {
    const thinkUs = 700;
    // Registers: one recorded micro-op per planned one (an append records its read too).
    const registers = { ...spec, workload: { ...spec.workload, values: "register" as const } };
    const r = simulate({ ...registers, workload: { ...registers.workload, thinkUs } }, serialTarget(), 3n);
    const invokedAt = new Map<number, number>();
    let txns = 0;
    for (const e of r.history) {
      if (e.f !== "txn") continue;
      if (e.type === "invoke") invokedAt.set(e.process, e.time!);
      else if (e.type === "ok") {
        txns++;
        expect(e.time! - invokedAt.get(e.process)!).toBeGreaterThanOrEqual(((e.value as unknown[]).length - 1) * thinkUs);
      }
    }
    expect(txns).toBeGreaterThan(0);
    // Without it the same txns run faster than that.
    const quick = simulate(registers, serialTarget(), 3n).history.filter((e) => e.f === "txn" && e.type === "ok");
    expect(Math.max(...quick.map((e) => e.time!))).toBeLessThan(Math.max(...r.history.filter((e) => e.f === "txn" && e.type === "ok").map((e) => e.time!)));
  });

  it("is deterministic: same seed, same history and trace hash", () => {
    const a = simulate(spec, dirtyTarget(), 9n);
    const b = simulate(spec, dirtyTarget(), 9n);
    expect(b.outcome.traceHash).toBe(a.outcome.traceHash);
    expect(JSON.stringify(b.history)).toBe(JSON.stringify(a.history));
  });

  it("closes in-flight ops as info on a crash and restarts the process", () => {
    const crashy: RunSpec = {
      ...spec,
      world: { ...spec.world, faults: { ...NO_FAULTS, crashPoints: [{ label: "toy.commit", nth: 2, pid: 1 }] } },
    };
    const r = simulate(crashy, serialTarget(), 3n);
    // The crashed client held the global lock: the serial toy cannot recover from
    // that, and the run reports the deadlock rather than hanging.
    const infos = r.history.filter((e) => e.type === "info" && e.process >= 0);
    expect(infos.length).toBeGreaterThan(0);
    expect(r.history.some((e) => e.f === "crash")).toBe(true);
    expect(r.stats.restarts).toBe(1);
    expect(r.violations.map((v) => v.kind)).toContain("deadlock");
  });
});
