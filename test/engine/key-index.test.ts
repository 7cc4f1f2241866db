import { describe, expect, it } from "vitest";
import { openEngine } from "../../src/engine/engine.js";
import { findEntry, findOrInsertEntry, keyRef } from "../../src/engine/key-index.js";
import { H, KE } from "../../src/engine/layout.js";
import { decodeText } from "../../src/engine/codec.js";
import { Rng } from "../../src/sim/rng.js";
import { engineWorld, scriptedStrategy } from "./engine-world.js";

describe("key index", () => {
  for (const seed of [1n, 2n, 3n, 4n, 5n]) {
    it(`racing inserts of overlapping keys agree on one entry per key (seed ${seed})`, () => {
      const w = engineWorld(seed);
      const pid = w.spawnProcess("p");
      const keys = Array.from({ length: 10 }, (_, i) => `key-${i}-${"é".repeat(i % 3)}`);
      const got: Map<string, number>[] = [];
      let buckets: { entries: string[] } = { entries: [] };
      for (let t = 0; t < 4; t++) {
        const order = new Rng(seed).fork(`t${t}`).shuffle(keys);
        const mine = new Map<string, number>();
        got.push(mine);
        w.spawnThread(pid, `t${t}`, function* (p) {
          const e = yield* openEngine(p, { bucketCount: 3 });
          for (const k of order) mine.set(k, yield* findOrInsertEntry(e.ctx, p, keyRef(k)));
          if (t === 0) {
            // Walk every bucket list after this thread's inserts (others may still run: only count at the end).
            for (const k of keys) expect(yield* findEntry(e.ctx, p, keyRef(k))).toBe(mine.get(k));
          }
        });
      }
      w.spawnThread(pid, "audit", function* (p) {
        // Runs last in effect: waits for all inserts by polling the key count.
        while ((yield* p.mem.load(H.keyCount)) < keys.length || got.some((m) => m.size < keys.length)) yield* p.sched.spin();
        const e = yield* openEngine(p);
        const entries: string[] = [];
        for (let b = 0; b < e.ctx.layout.bucketCount; b++) {
          let entry = yield* p.mem.load(e.ctx.layout.buckets + b);
          while (entry !== 0) {
            const head = yield* p.mem.read(entry, KE.key);
            const words = yield* p.mem.read(entry + KE.key, Math.ceil(head[KE.byteLen]! / 4));
            entries.push(decodeText(words, head[KE.byteLen]!));
            entry = head[KE.next]!;
          }
        }
        buckets = { entries };
      });
      const out = w.run();
      expect(out.violations).toEqual([]);
      for (const k of keys) expect(new Set(got.map((m) => m.get(k))).size).toBe(1);
      expect(buckets.entries.slice().sort()).toEqual(keys.slice().sort());
      expect(w.arena.load(H.keyCount)).toBe(keys.length);
    });
  }

  it("a lost insert CAS re-walks, finds the winner's entry and frees its own", () => {
    const w = engineWorld(1n, { strategy: scriptedStrategy([{ thread: "A", until: "index.insert" }, { thread: "B" }, { thread: "A" }]) });
    const pid = w.spawnProcess("p");
    const addr: Record<string, number> = {};
    const labels: string[] = [];
    for (const name of ["A", "B"]) {
      w.spawnThread(pid, name, function* (p) {
        const e = yield* openEngine(p);
        addr[name] = yield* findOrInsertEntry(e.ctx, p, keyRef("same"));
        labels.push(name);
      });
    }
    const out = w.run();
    expect(out.violations).toEqual([]);
    expect(labels).toEqual(["B", "A"]);
    expect(addr["A"]).toBe(addr["B"]);
    expect(w.arena.load(H.keyCount)).toBe(1);
  });
});
