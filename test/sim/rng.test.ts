import { describe, expect, it } from "vitest";
import { parseSeed, Rng } from "../../src/sim/rng.js";

describe("rng", () => {
  it("parses decimal and hex seeds up to 64 bits", () => {
    expect(parseSeed("42")).toBe(42n);
    expect(parseSeed("0xff")).toBe(255n);
    expect(parseSeed("18446744073709551615")).toBe(2n ** 64n - 1n);
    expect(parseSeed("18446744073709551616")).toMatch(/64 bits/);
    expect(parseSeed("-1")).toMatch(/expected/);
    expect(parseSeed("0x")).toMatch(/expected/);
  });

  it("same seed, same stream; forks depend on the label, not on parent consumption", () => {
    const a = new Rng(5n);
    const b = new Rng(5n);
    expect([a.u32(), a.u32()]).toEqual([b.u32(), b.u32()]);
    const fresh = new Rng(5n).fork("workload");
    const used = new Rng(5n);
    for (let i = 0; i < 100; i++) used.next();
    const afterUse = used.fork("workload");
    expect([fresh.u32(), fresh.u32()]).toEqual([afterUse.u32(), afterUse.u32()]);
    expect(new Rng(5n).fork("faults").u32()).not.toBe(new Rng(5n).fork("workload").u32());
  });

  it("int stays in range and covers it", () => {
    const r = new Rng(9n);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const v = r.int(7);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(7);
      seen.add(v);
    }
    expect(seen.size).toBe(7);
  });
});
