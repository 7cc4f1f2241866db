import { describe, expect, it } from "vitest";
import { openEngine } from "../../src/engine/engine.js";
import { hlcAllocate, hlcLogical, hlcPhysical } from "../../src/engine/hlc.js";
import { H } from "../../src/engine/layout.js";
import { engineWorld } from "./engine-world.js";

describe("hybrid logical clock", () => {
  it("allocations from racing threads are distinct and increase per thread, across clock jumps back and freezes", () => {
    const w = engineWorld(9n, {
      clock: {
        wallStartMs: 5_000_000,
        faults: [
          { kind: "jump", atUs: 3_000, deltaMs: -4_000 },
          { kind: "freeze", atUs: 6_000, durationUs: 5_000 },
          { kind: "skew", pid: 2, skewMs: -900 },
        ],
      },
    });
    const perThread: number[][] = [];
    for (let proc = 0; proc < 2; proc++) {
      const pid = w.spawnProcess(`p${proc}`);
      for (let t = 0; t < 2; t++) {
        const mine: number[] = [];
        perThread.push(mine);
        w.spawnThread(pid, `t${proc}${t}`, function* (p) {
          const e = yield* openEngine(p);
          const base = yield* p.mem.load64(H.hlcBaseMs);
          for (let i = 0; i < 60; i++) {
            mine.push(yield* hlcAllocate(e.ctx, p, base));
            yield* p.sched.sleep(200);
          }
        });
      }
    }
    expect(w.run().violations).toEqual([]);
    const all = perThread.flat();
    expect(new Set(all).size).toBe(all.length);
    for (const seq of perThread) for (let i = 1; i < seq.length; i++) expect(seq[i]!).toBeGreaterThan(seq[i - 1]!);
    // The physical part tracked the wall clock until it jumped back at 3 ms, then held.
    expect(hlcPhysical(Math.max(...all))).toBeGreaterThanOrEqual(2);
    expect(hlcLogical(Math.max(...all))).toBeGreaterThan(50);
    expect(all.every((ts) => Number.isSafeInteger(ts))).toBe(true);
  });

  it("commit timestamps strictly increase even when the wall clock jumps back by hours", () => {
    const w = engineWorld(10n, { clock: { wallStartMs: 9_000_000, faults: [{ kind: "jump", atUs: 2_000, deltaMs: -3_600_000 }] } });
    const pid = w.spawnProcess("p");
    const ts: number[] = [];
    w.spawnThread(pid, "c", function* (p) {
      const e = yield* openEngine(p);
      for (let i = 0; i < 40; i++) {
        ts.push(yield* e.put(p, `k${i % 3}`, `${i}`));
        yield* p.sched.sleep(150);
      }
    });
    expect(w.run().violations).toEqual([]);
    for (let i = 1; i < ts.length; i++) expect(ts[i]!).toBeGreaterThan(ts[i - 1]!);
    // After the jump the physical part stands still and the logical part counts.
    expect(hlcLogical(ts.at(-1)!)).toBeGreaterThan(0);
  });
});
