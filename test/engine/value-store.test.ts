import { describe, expect, it } from "vitest";
import { openEngine } from "../../src/engine/engine.js";
import { CapacityError } from "../../src/engine/errors.js";
import { appendValue, freeValue, readValue, type StoredValue } from "../../src/engine/value-store.js";
import { engineWorld } from "./engine-world.js";

describe("value store", () => {
  it("values straddling segment ends are re-reserved; all read back; dead segments are freed", () => {
    const w = engineWorld(3n);
    const pid = w.spawnProcess("p");
    const values = Array.from({ length: 30 }, (_, i) => `v${i}:${"ab".repeat(i % 9)}`);
    let baseline = 0;
    let afterWrite = 0;
    let afterFree = 0;
    const read: string[] = [];
    for (let t = 0; t < 3; t++) {
      w.spawnThread(pid, `t${t}`, function* (p) {
        const e = yield* openEngine(p, { valueSegmentWords: 8, valueSegments: 64 });
        if (t !== 0) return;
        baseline = w.arena.liveWords;
        const stored: StoredValue[] = [];
        for (const v of values) stored.push(yield* appendValue(e.ctx, p, v));
        afterWrite = w.arena.liveWords;
        for (let i = 0; i < values.length; i++) read.push(yield* readValue(e.ctx, p, stored[i]!.handle, stored[i]!.byteLen));
        for (const s of stored) yield* freeValue(e.ctx, p, s.handle, s.byteLen);
        afterFree = w.arena.liveWords;
      });
    }
    const out = w.run();
    expect(out.violations).toEqual([]);
    expect(read).toEqual(values);
    expect(afterWrite).toBeGreaterThan(baseline + 8 * 5);
    // Every segment whose words all died is freed; at most the one being filled stays.
    expect(afterFree - baseline).toBeLessThanOrEqual(8 + 2);
  });

  it("concurrent appends never overlap", () => {
    const w = engineWorld(4n);
    const pid = w.spawnProcess("p");
    const results: { v: string; s: StoredValue }[] = [];
    const back: string[] = [];
    let done = 0;
    for (let t = 0; t < 3; t++) {
      w.spawnThread(pid, `t${t}`, function* (p) {
        const e = yield* openEngine(p, { valueSegmentWords: 16 });
        for (let i = 0; i < 12; i++) {
          const v = `t${t}-${i}-${"z".repeat((i * 7 + t) % 23)}`;
          results.push({ v, s: yield* appendValue(e.ctx, p, v) });
        }
        done++;
        while (done < 3) yield* p.sched.spin();
        if (t === 0) for (const r of results) back.push(yield* readValue(e.ctx, p, r.s.handle, r.s.byteLen));
      });
    }
    expect(w.run().violations).toEqual([]);
    expect(back).toEqual(results.map((r) => r.v));
  });

  it("a value larger than a segment, or a directory still full of live segments, is a CapacityError", () => {
    const w = engineWorld(5n);
    const pid = w.spawnProcess("p");
    const errors: string[] = [];
    w.spawnThread(pid, "t", function* (p) {
      const e = yield* openEngine(p, { valueSegmentWords: 8, valueSegments: 2 });
      try {
        yield* appendValue(e.ctx, p, "x".repeat(33));
      } catch (err) {
        errors.push(err instanceof CapacityError ? err.structure : String(err));
      }
      try {
        for (let i = 0; i < 10; i++) yield* appendValue(e.ctx, p, "y".repeat(28));
      } catch (err) {
        errors.push(err instanceof CapacityError ? err.structure : String(err));
      }
    });
    expect(w.run().violations).toEqual([]);
    expect(errors).toEqual(["value store", "value store"]);
  });
});
