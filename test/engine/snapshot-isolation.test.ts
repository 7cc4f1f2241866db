import { describe, expect, it } from "vitest";
import { Rng } from "../../src/sim/rng.js";
import { pctStrategy } from "../../src/sim/strategies/pct.js";
import { engineWorld } from "./engine-world.js";
import { checkSnapshotIsolation, spawnWorkload } from "./si-workload.js";

describe("snapshot isolation end to end", () => {
  const config = { gcEveryCommits: 3, txnSlots: 16, readerSlots: 8 };
  for (const seed of [1n, 2n, 3n, 4n, 5n, 6n]) {
    it(`random schedule, seed ${seed}: reads match the reference, first committer wins`, () => {
      const w = engineWorld(seed);
      const logs = spawnWorkload(w, seed, { threads: 4, txnsPerThread: 12, keys: 4, config, processes: 2 });
      const out = w.run();
      expect(out.violations).toEqual([]);
      expect(out.end).toBe("done");
      const r = checkSnapshotIsolation(logs);
      expect(r.badReads).toEqual([]);
      expect(r.overlaps).toEqual([]);
      expect(r.duplicateTs).toEqual([]);
      expect(r.committed).toBeGreaterThan(10);
      expect(r.reads).toBeGreaterThan(10);
    });
  }
  for (const seed of [11n, 12n, 13n]) {
    it(`pct schedule, seed ${seed}`, () => {
      const w = engineWorld(seed, { strategy: pctStrategy(new Rng(seed).fork("pct"), { depth: 3, maxSteps: 40_000 }) });
      const logs = spawnWorkload(w, seed, { threads: 3, txnsPerThread: 10, keys: 3, config });
      const out = w.run();
      expect(out.violations).toEqual([]);
      const r = checkSnapshotIsolation(logs);
      expect(r.badReads).toEqual([]);
      expect(r.overlaps).toEqual([]);
      expect(r.duplicateTs).toEqual([]);
    });
  }
});

describe("determinism", () => {
  it("the same seed gives the same trace hash and the same reads, with crashes and GC", () => {
    const once = () => {
      const w = engineWorld(77n, { faults: { processCrashProbabilityPerStep: 0.0005, processCrashesMax: 1 } });
      const logs = spawnWorkload(w, 77n, { threads: 4, txnsPerThread: 8, keys: 3, processes: 2, config: { gcEveryCommits: 2 } });
      const out = w.run();
      return { hash: out.traceHash, steps: out.steps, reads: JSON.stringify(logs.map((l) => [l.id, l.start, l.commit, l.reads])) };
    };
    const a = once();
    const b = once();
    expect(b).toEqual(a);
    expect(a.steps).toBeGreaterThan(1000);
  });
});
