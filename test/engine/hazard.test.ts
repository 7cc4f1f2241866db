import { describe, expect, it } from "vitest";
import { openEngine } from "../../src/engine/engine.js";
import { clearHazard, hazardRecord, protect, reclaim, retire } from "../../src/engine/hazard.js";
import { FN, H, HP_VERSION, KIND_NODE, NODE_WORDS } from "../../src/engine/layout.js";
import { engineWorld } from "./engine-world.js";

describe("hazard pointers", () => {
  it("reclaim keeps a protected block, frees it once the hazard is cleared", () => {
    const w = engineWorld(1n);
    const pid = w.spawnProcess("p");
    const steps: unknown[] = [];
    let block = 0;
    let protectedBy = "";
    const holder = (): string => protectedBy;
    w.spawnThread(pid, "reader", function* (p) {
      const e = yield* openEngine(p);
      const rec = yield* hazardRecord(e.ctx, p);
      while (block === 0) yield* p.sched.spin();
      yield* protect(p, rec, HP_VERSION, block);
      protectedBy = "reader";
      while (steps.length < 1) yield* p.sched.spin();
      yield* clearHazard(p, rec, HP_VERSION);
      protectedBy = "";
    });
    w.spawnThread(pid, "gc", function* (p) {
      const e = yield* openEngine(p);
      const b = yield* p.mem.alloc(NODE_WORDS);
      yield* p.mem.store(b + FN.kind, KIND_NODE);
      block = b;
      while (holder() !== "reader") yield* p.sched.spin();
      yield* retire(p, b);
      steps.push(yield* reclaim(e.ctx, p));
      while (holder() !== "") yield* p.sched.spin();
      steps.push(yield* reclaim(e.ctx, p));
      steps.push(w.arena.blockAt(b)?.freeSite !== undefined);
    });
    const out = w.run();
    expect(out.violations).toEqual([]);
    expect(steps).toEqual([{ freed: 0, kept: 1 }, { freed: 1, kept: 0 }, true]);
  });

  it("a thread's record is claimed once and taken over from a dead process", () => {
    const w = engineWorld(2n, { faults: { crashPoints: [{ label: "test.die", nth: 1, pid: 1 }] } });
    const p1 = w.spawnProcess("a");
    const p2 = w.spawnProcess("b");
    const recs: number[] = [];
    w.spawnThread(p1, "a", function* (p) {
      const e = yield* openEngine(p, { hazardRecords: 1 });
      recs.push(yield* hazardRecord(e.ctx, p), yield* hazardRecord(e.ctx, p));
      yield* p.sched.point("test.die");
    });
    w.spawnThread(p2, "b", function* (p) {
      while (recs.length < 2 || p.procs.isAlive(1)) yield* p.sched.spin();
      const e = yield* openEngine(p, { hazardRecords: 1 });
      recs.push(yield* hazardRecord(e.ctx, p));
    });
    expect(w.run().violations).toEqual([]);
    expect(recs.length).toBe(3);
    expect(new Set(recs).size).toBe(1);
  });

  it("a dead thread's hazard protects nothing: reclaim frees the block", () => {
    const w = engineWorld(3n, { faults: { crashPoints: [{ label: "test.die", nth: 1, pid: 1 }] } });
    const p1 = w.spawnProcess("reader");
    const p2 = w.spawnProcess("gc");
    let block = 0;
    const result: unknown[] = [];
    w.spawnThread(p1, "reader", function* (p) {
      const e = yield* openEngine(p);
      const rec = yield* hazardRecord(e.ctx, p);
      while (block === 0) yield* p.sched.spin();
      yield* protect(p, rec, HP_VERSION, block);
      yield* p.sched.point("test.die");
    });
    w.spawnThread(p2, "gc", function* (p) {
      const e = yield* openEngine(p);
      const b = yield* p.mem.alloc(NODE_WORDS);
      yield* p.mem.store(b + FN.kind, KIND_NODE);
      block = b;
      while (p.procs.isAlive(1)) yield* p.sched.spin();
      yield* retire(p, b);
      result.push(yield* reclaim(e.ctx, p));
    });
    expect(w.run().violations).toEqual([]);
    expect(result).toEqual([{ freed: 1, kept: 0 }]);
  });

  // A reclaimer that dies mid-round (its GC lock is taken over) must not take the
  // retired list with it: the blocks it had not yet freed go to the next round.
  // Each case: process 1 retires three blocks and dies at the given step of its
  // reclaim; process 2 then reclaims. Returns what each freed and what is left.
  function reclaimAfterCrash(label: string, nth: number): { freed: number[]; garbage: number; freedNow: boolean[] } {
    const w = engineWorld(4n, { faults: { crashPoints: [{ label, nth, pid: 1 }] } });
    const p1 = w.spawnProcess("dying-gc");
    const p2 = w.spawnProcess("next-gc");
    const blocks: number[] = [];
    const freed: number[] = [];
    w.spawnThread(p1, "dying-gc", function* (p) {
      const e = yield* openEngine(p);
      for (let i = 0; i < 3; i++) {
        const b = yield* p.mem.alloc(NODE_WORDS);
        yield* p.mem.store(b + FN.kind, KIND_NODE);
        yield* retire(p, b);
        blocks.push(b);
      }
      freed.push((yield* reclaim(e.ctx, p)).freed);
    });
    w.spawnThread(p2, "next-gc", function* (p) {
      while (p.procs.isAlive(1)) yield* p.sched.spin();
      const e = yield* openEngine(p);
      freed.push((yield* reclaim(e.ctx, p)).freed);
    });
    const out = w.run();
    expect(out.violations).toEqual([]);
    expect(blocks.length).toBe(3);
    return { freed, garbage: w.arena.load(H.garbageVersions), freedNow: blocks.map((b) => w.arena.blockAt(b)?.freeSite !== undefined) };
  }

  it("a reclaimer that dies while scanning hazards leaves its whole list to the next one", () => {
    expect(reclaimAfterCrash("hp.scan-owner", 2)).toEqual({ freed: [3], garbage: 0, freedNow: [true, true, true] });
  });

  it("a reclaimer that dies between two frees leaves the blocks it had not reached to the next one", () => {
    // Dies before unlinking its second block: the first is freed, the other two are still listed.
    expect(reclaimAfterCrash("hp.unlink-retired", 2)).toEqual({ freed: [2], garbage: 0, freedNow: [true, true, true] });
  });
});
