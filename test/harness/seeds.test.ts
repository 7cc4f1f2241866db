// Seed lists and shards: derived lists are stable and distinct, and the n
// shards of any list partition it (each seed in exactly one shard).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { derivedSeed, formatShard, mix64, parseShard, seedList, shardSlice } from "../../src/harness/seeds.js";

describe("seed lists", () => {
  it("an explicit list is itself, in order", () => {
    expect(seedList({ kind: "explicit", seeds: [5n, 3n] })).toEqual([{ index: 0, seed: 5n }, { index: 1, seed: 3n }]);
  });

  it("a derived list is a prefix-stable function of the master seed", () => {
    const a = seedList({ kind: "derived", master: 7n, count: 50 });
    const b = seedList({ kind: "derived", master: 7n, count: 20 });
    expect(a.slice(0, 20)).toEqual(b);
    expect(new Set(a.map((s) => s.seed)).size).toBe(50);
    expect(a[3]!.seed).toBe(derivedSeed(7n, 3));
    const other = seedList({ kind: "derived", master: 8n, count: 50 }).map((s) => s.seed);
    expect(a.filter((s) => other.includes(s.seed))).toEqual([]);
    for (const s of a) expect(s.seed >= 0n && s.seed < 1n << 64n).toBe(true);
  });

  it("mix64 is injective on a sample (a bijection keeps derived seeds distinct)", () => {
    const seen = new Set<bigint>();
    for (let i = 0n; i < 2000n; i++) seen.add(mix64(i));
    expect(seen.size).toBe(2000);
  });
});

describe("shards", () => {
  it("parses i/n and refuses the rest with a message", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    expect(formatShard({ index: 2, count: 4 })).toBe("2/4");
    for (const bad of ["0/4", "5/4", "1/0", "a/b", "2", "-1/3"]) expect(typeof parseShard(bad)).toBe("string");
  });

  it("the n shards partition the seed list", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 12 }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (count, n, master) => {
        const list = seedList({ kind: "derived", master, count });
        const parts = Array.from({ length: n }, (_, i) => shardSlice(list, { index: i + 1, count: n }));
        const joined = parts.flat().sort((a, b) => a.index - b.index);
        expect(joined).toEqual(list);
        // balanced: sizes differ by at most one
        const sizes = parts.map((p) => p.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });
});
