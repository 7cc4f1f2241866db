// The writer lock on a commit that fails inside its critical section: when the
// HLC ceiling cannot be made durable (EIO on its write), the commit must leave
// the section (lock released, occupancy back to 0), so the next commit of the
// same thread or another one gets in. Before the fix the lock leaked.
import { describe, expect, it } from "vitest";
import { openEngine } from "../../src/engine/engine.js";
import { H } from "../../src/engine/layout.js";
import type { Gen, Ports } from "../../src/engine/ports.js";
import type { TimestampLease } from "../../src/engine/timestamp-lease.js";
import { engineWorld } from "./engine-world.js";

class DiskEio extends Error {}

/** A lease whose first `failures` persists fail like a write that got EIO. */
function failingLease(failures: number): TimestampLease & { calls: number } {
  const lease = {
    calls: 0,
    *persist(ports: Ports, _ceiling: number): Gen<void> {
      lease.calls++;
      yield* ports.sched.point("test.lease-write");
      if (lease.calls <= failures) throw new DiskEio("EIO on hlc-ceiling.write");
    },
  };
  return lease;
}

describe("a commit whose HLC-ceiling write fails", () => {
  it("releases the writer lock and its occupancy, so later commits of the same and another thread get in", () => {
    const w = engineWorld(3n);
    const pid = w.spawnProcess("p");
    const seen: unknown[] = [];
    const lease = failingLease(1);
    w.spawnThread(pid, "t", function* (p) {
      const e = yield* openEngine(p, { timestampLease: lease });
      const t1 = yield* e.begin(p);
      yield* t1.put(p, "a", "1");
      try {
        yield* t1.commit(p);
        seen.push("committed");
      } catch (err) {
        seen.push(err instanceof DiskEio ? "eio" : String(err));
        yield* t1.abort(p);
      }
      seen.push(yield* p.mem.load64(H.writerLock, "test.lock"), yield* p.mem.load(H.writerOccupancy, "test.occupancy"));
      const t2 = yield* e.begin(p);
      yield* t2.put(p, "a", "2");
      yield* t2.commit(p);
      seen.push(yield* e.get(p, "a"));
      w.spawnThread(pid, "u", function* (q) {
        yield* e.put(q, "b", "3");
        seen.push(yield* e.get(q, "b"));
      });
    });
    const out = w.run();
    expect(out.violations).toEqual([]);
    expect(seen).toEqual(["eio", 0, 0, "2", "3"]);
    expect(lease.calls).toBe(2);
  });
});
