import { describe, expect, it } from "vitest";
import { openEngine } from "../../src/engine/engine.js";
import { clearHazard, hazardRecord, protect, reclaim, retire } from "../../src/engine/hazard.js";
import { FN, HP_VERSION, KIND_NODE, NODE_WORDS } from "../../src/engine/layout.js";
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
});
