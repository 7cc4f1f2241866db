import { describe, expect, it } from "vitest";
import { keySampler } from "../../src/harness/key-distribution.js";
import { planWorkload, type WorkloadSpec } from "../../src/harness/workload.js";
import { Rng } from "../../src/sim/rng.js";

const spec: WorkloadSpec = {
  opsPerThread: 200,
  txnSizeMin: 1,
  txnSizeMax: 4,
  readRatio: 0.5,
  singleKeyOpRatio: 0.3,
  keyCount: 10,
  keyDistribution: { kind: "uniform" },
  values: "register",
};

function writtenValues(plans: ReturnType<typeof planWorkload>): number[] {
  const out: number[] = [];
  for (const plan of plans)
    for (const op of plan) {
      if (op.f === "txn") for (const m of op.ops) if (m[0] !== "r") out.push(m[2] as number);
      if (op.f === "write" || op.f === "cas" || op.f === "append") out.push(op.value);
    }
  return out;
}

describe("workload plans", () => {
  it("are reproducible from the seed and write every value once", () => {
    const a = planWorkload(spec, 4, new Rng(11n).fork("workload"));
    const b = planWorkload(spec, 4, new Rng(11n).fork("workload"));
    expect(a).toEqual(b);
    const values = writtenValues(a);
    expect(new Set(values).size).toBe(values.length);
    expect(values.length).toBeGreaterThan(100);
  });

  it("a thread's plan does not change when threads are added", () => {
    const two = planWorkload(spec, 2, new Rng(3n));
    const three = planWorkload(spec, 3, new Rng(3n));
    // Values are numbered per thread count, so compare shapes and keys only.
    const shape = (p: ReturnType<typeof planWorkload>[number]) => p.map((op) => (op.f === "txn" ? op.ops.map((m) => `${m[0]}${m[1]}`).join() : `${op.f}${op.key}`));
    expect(shape(three[0]!)).toEqual(shape(two[0]!));
  });

  it("list-append plans append and read only", () => {
    const plans = planWorkload({ ...spec, values: "list-append" }, 2, new Rng(1n));
    for (const op of plans.flat()) {
      expect(["txn", "read", "append"]).toContain(op.f);
      if (op.f === "txn") for (const m of op.ops) expect(["r", "append"]).toContain(m[0]);
    }
  });

  it("zipf and hot sets skew toward low keys; uniform does not", () => {
    const counts = (kind: Parameters<typeof keySampler>[1]) => {
      const s = keySampler(100, kind);
      const rng = new Rng(5n);
      let low = 0;
      for (let i = 0; i < 5000; i++) if (s(rng) < 5) low++;
      return low / 5000;
    };
    expect(counts({ kind: "uniform" })).toBeLessThan(0.1);
    expect(counts({ kind: "zipf", exponent: 1.2 })).toBeGreaterThan(0.4);
    expect(counts({ kind: "hotset", hotKeys: 5, hotRatio: 0.8 })).toBeGreaterThan(0.75);
  });

  it("scans read every key in key order, in about the share asked for, and none when not asked", () => {
    const isScan = (op: ReturnType<typeof planWorkload>[number][number]): boolean =>
      op.f === "txn" && op.ops.length === spec.keyCount && op.ops.every((m, k) => m[0] === "r" && m[1] === k);
    const scans = planWorkload({ ...spec, scanRatio: 0.5 }, 2, new Rng(5n)).flat().filter(isScan).length;
    const txns = planWorkload({ ...spec, scanRatio: 0.5 }, 2, new Rng(5n)).flat().filter((op) => op.f === "txn").length;
    expect(scans / txns).toBeGreaterThan(0.35);
    expect(scans / txns).toBeLessThan(0.65);
    expect(planWorkload(spec, 2, new Rng(5n)).flat().filter(isScan)).toEqual([]);
    // No scans asked for: the plan is the one drawn before scans existed.
    expect(planWorkload({ ...spec, scanRatio: 0 }, 2, new Rng(5n))).toEqual(planWorkload(spec, 2, new Rng(5n)));
  });
});
