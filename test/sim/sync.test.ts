import { describe, expect, it } from "vitest";
import { DEFAULT_WORLD, World } from "../../src/sim/world.js";
import { SimChannel } from "../../src/sim/sync/channel.js";
import { SimCondition } from "../../src/sim/sync/condition.js";
import { SimMutex } from "../../src/sim/sync/mutex.js";
import { SimParker } from "../../src/sim/sync/parker.js";

describe("sync primitives", () => {
  it("bounded channel: every item arrives once, in order, across many interleavings", () => {
    for (let seed = 0n; seed < 30n; seed++) {
      const w = new World({ ...DEFAULT_WORLD, seed });
      const ch = new SimChannel<number>("c", 2);
      const got: number[] = [];
      const pid = w.spawnProcess("p");
      w.spawnThread(pid, "producer", function* () {
        for (let i = 0; i < 6; i++) yield* ch.send(i);
        yield* ch.close();
      });
      w.spawnThread(pid, "consumer", function* () {
        for (;;) {
          const v = yield* ch.recv();
          if (v === undefined) return;
          got.push(v);
          expect(ch.length).toBeLessThanOrEqual(2);
        }
      });
      expect(w.run().end).toBe("done");
      expect(got).toEqual([0, 1, 2, 3, 4, 5]);
    }
  });

  it("trySend reports full instead of waiting", () => {
    const w = new World({ ...DEFAULT_WORLD, seed: 1n });
    const ch = new SimChannel<number>("c", 1);
    const results: boolean[] = [];
    const pid = w.spawnProcess("p");
    w.spawnThread(pid, "t", function* () {
      results.push(yield* ch.trySend(1));
      results.push(yield* ch.trySend(2));
    });
    w.run();
    expect(results).toEqual([true, false]);
  });

  it("a receiver with no sender is a deadlock on the channel", () => {
    const w = new World({ ...DEFAULT_WORLD, seed: 1n });
    const ch = new SimChannel<number>("jobs", 1);
    const pid = w.spawnProcess("p");
    w.spawnThread(pid, "worker", function* () {
      yield* ch.recv();
    });
    const out = w.run();
    expect(out.end).toBe("deadlock");
    expect(out.violations[0]!.explanation).toMatch(/channel jobs \(empty\)/);
  });

  it("condition: a waiter is released only by a notify after it waits", () => {
    for (let seed = 0n; seed < 30n; seed++) {
      const w = new World({ ...DEFAULT_WORLD, seed });
      const m = new SimMutex("m");
      const cv = new SimCondition("cv");
      let ready = false;
      let seen = false;
      const pid = w.spawnProcess("p");
      w.spawnThread(pid, "waiter", function* (p) {
        yield* m.lock(p.tid);
        while (!ready) yield* cv.wait(m, p.tid);
        seen = true;
        yield* m.unlock(p.tid);
      });
      w.spawnThread(pid, "signaller", function* (p) {
        yield* m.lock(p.tid);
        ready = true;
        yield* cv.notifyAll();
        yield* m.unlock(p.tid);
      });
      expect(w.run().end).toBe("done");
      expect(seen).toBe(true);
    }
  });

  it("parker: an unpark before the park is not lost", () => {
    const w = new World({ ...DEFAULT_WORLD, seed: 3n });
    const pk = new SimParker("pk");
    const pid = w.spawnProcess("p");
    const parkerTid = 0;
    w.spawnThread(pid, "parked", function* (p) {
      yield* p.sched.sleep(100);
      yield* pk.park(p.tid);
    });
    w.spawnThread(pid, "waker", function* () {
      yield* pk.unpark(parkerTid);
    });
    expect(w.run().end).toBe("done");
  });
});
