import { describe, expect, it } from "vitest";
import { openEngine, type EngineStats } from "../../src/engine/engine.js";
import { ConflictError } from "../../src/engine/errors.js";
import { H } from "../../src/engine/layout.js";
import { Rng } from "../../src/sim/rng.js";
import { engineWorld } from "./engine-world.js";

describe("memory stays bounded with GC", () => {
  it("a long steady workload plateaus in live arena words and versions", () => {
    const w = engineWorld(7n, { stepBudgetMax: 2_000_000 });
    const pid = w.spawnProcess("p");
    const samples: { stats: EngineStats; arenaLive: number }[] = [];
    const rounds = 8;
    const perRound = 40;
    for (let t = 0; t < 3; t++) {
      const rng = new Rng(7n).fork(`t${t}`);
      w.spawnThread(pid, `t${t}`, function* (p) {
        const e = yield* openEngine(p, { gcEveryCommits: 8 });
        for (let r = 0; r < rounds; r++) {
          for (let i = 0; i < perRound; i++) {
            const txn = yield* e.begin(p);
            try {
              yield* txn.get(p, `k${rng.int(6)}`);
              yield* txn.put(p, `k${rng.int(6)}`, `v${t}-${r}-${i}-${"x".repeat(rng.int(20))}`);
              yield* txn.commit(p);
            } catch (err) {
              if (!(err instanceof ConflictError)) throw err;
              yield* txn.abort(p);
            }
          }
          if (t === 0) {
            yield* e.gc(p);
            samples.push({ stats: yield* e.stats(p), arenaLive: w.arena.liveWords });
          }
        }
      });
    }
    const out = w.run();
    expect(out.violations).toEqual([]);
    expect(out.end).toBe("done");
    const words = samples.map((s) => s.arenaLive);
    const versions = samples.map((s) => s.stats.liveVersions);
    const firstHalf = Math.max(...words.slice(0, rounds / 2));
    const secondHalf = Math.max(...words.slice(rounds / 2));
    // 960 txns wrote ~960 versions; without GC the arena would grow by ~10+ words per txn.
    expect(secondHalf).toBeLessThanOrEqual(firstHalf * 1.25);
    expect(Math.max(...versions)).toBeLessThan(60);
    // At rest, the engine's own word count agrees with the arena's.
    expect(w.arena.load(H.liveWords)).toBe(w.arena.liveWords);
  });
});
