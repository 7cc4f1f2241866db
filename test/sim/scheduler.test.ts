import type { Violation } from "../../src/history/verdict.js";
import { describe, expect, it } from "vitest";
import type { Ports } from "../../src/engine/ports.js";
import { DEFAULT_WORLD, World, type WorldOptions } from "../../src/sim/world.js";
import { SimMutex } from "../../src/sim/sync/mutex.js";
import { scripted } from "./scripted.js";

function world(opts: Partial<WorldOptions> = {}): World {
  return new World({ ...DEFAULT_WORLD, seed: 7n, ...opts });
}

function* steps(p: Ports, n: number, log: string[], name: string) {
  for (let i = 0; i < n; i++) {
    yield* p.sched.point(`${name}.${i}`);
    log.push(`${name}${i}`);
  }
}

describe("scheduler", () => {
  it("follows a scripted strategy step by step and records each decision", () => {
    const log: string[] = [];
    const w = world({ strategy: scripted(["a", "b", "b", "a"]) });
    const pid = w.spawnProcess("p");
    const a = w.spawnThread(pid, "a", (p) => steps(p, 2, log, "a"));
    const b = w.spawnThread(pid, "b", (p) => steps(p, 2, log, "b"));
    const out = w.run();
    expect(log).toEqual(["a0", "b0", "b1", "a1"]);
    expect(out.decisions).toEqual([a, b, b, a]);
    expect(out.end).toBe("done");
    expect(out.verdict).toBe("ok");
  });

  it("keeps a thread blocked on a held mutex off the runnable list", () => {
    const m = new SimMutex("m");
    const order: string[] = [];
    // a: lock, point, unlock. b: lock, unlock. Script tries b only after a unlocked.
    const w = world({ strategy: scripted(["a", "a", "a", "b", "b"]) });
    const pid = w.spawnProcess("p");
    w.spawnThread(pid, "a", function* (p) {
      yield* m.lock(p.tid);
      order.push("a-in");
      yield* p.sched.point("a.inside");
      yield* m.unlock(p.tid);
      order.push("a-out");
    });
    w.spawnThread(pid, "b", function* (p) {
      yield* m.lock(p.tid);
      order.push("b-in");
      yield* m.unlock(p.tid);
    });
    expect(w.run().end).toBe("done");
    expect(order).toEqual(["a-in", "a-out", "b-in"]);
  });

  it("refuses a script that picks a blocked thread", () => {
    const m = new SimMutex("m");
    const w = world({ strategy: scripted(["a", "b"]) });
    const pid = w.spawnProcess("p");
    w.spawnThread(pid, "a", function* (p) {
      yield* m.lock(p.tid);
      yield* p.sched.point("hold");
      yield* m.unlock(p.tid);
    });
    w.spawnThread(pid, "b", function* (p) {
      yield* m.lock(p.tid);
      yield* m.unlock(p.tid);
    });
    expect(() => w.run()).toThrow(/b not runnable/);
  });

  it("reports a lock-order deadlock naming who waits for what", () => {
    const x = new SimMutex("x");
    const y = new SimMutex("y");
    const w = world({ strategy: scripted(["a", "b"]) });
    const pid = w.spawnProcess("p");
    w.spawnThread(pid, "a", function* (p) {
      yield* x.lock(p.tid);
      yield* y.lock(p.tid);
    });
    w.spawnThread(pid, "b", function* (p) {
      yield* y.lock(p.tid);
      yield* x.lock(p.tid);
    });
    const out = w.run();
    expect(out.end).toBe("deadlock");
    expect(out.verdict).toBe("violation");
    const v = out.violations[0]!;
    expect(v.kind).toBe("deadlock");
    expect(v.explanation).toMatch(/thread 0 \(a, pid 1\) waits for mutex y \(held by thread 1\)/);
    expect(v.explanation).toMatch(/thread 1 \(b, pid 1\) waits for mutex x \(held by thread 0\)/);
  });

  it("ends with verdict unknown when the step budget runs out, never hangs", () => {
    const w = world({ stepBudgetMax: 100 });
    const pid = w.spawnProcess("p");
    w.spawnThread(pid, "spinner", function* (p) {
      for (;;) yield* p.sched.spin("forever");
    });
    const out = w.run();
    expect(out.end).toBe("step-budget");
    expect(out.verdict).toBe("unknown");
    expect(out.steps).toBe(100);
  });

  it("jumps time to the earliest deadline when every thread sleeps", () => {
    const w = world();
    const pid = w.spawnProcess("p");
    let wokeAt = -1;
    w.spawnThread(pid, "sleeper", function* (p) {
      yield* p.sched.sleep(5_000);
      wokeAt = p.clock.monotonicUs();
    });
    const out = w.run();
    expect(out.end).toBe("done");
    expect(wokeAt).toBeGreaterThanOrEqual(5_000);
    expect(out.steps).toBe(1); // the wake-up is one step; waiting costs none
  });

  it("stops at the time limit", () => {
    const w = world({ timeLimitUs: 1_000 });
    const pid = w.spawnProcess("p");
    w.spawnThread(pid, "napper", function* (p) {
      for (;;) yield* p.sched.sleep(300);
    });
    expect(w.run().end).toBe("time-limit");
  });

  it("ends when only daemons remain", () => {
    const w = world();
    const pid = w.spawnProcess("p");
    w.spawnThread(pid, "daemon", function* (p) {
      for (;;) yield* p.sched.sleep(10);
    }, { daemon: true });
    w.spawnThread(pid, "client", (p) => steps(p, 3, [], "c"));
    expect(w.run().end).toBe("done");
  });

  it("turns an uncaught thread error into an engine-error violation", () => {
    const w = world();
    const pid = w.spawnProcess("p");
    w.spawnThread(pid, "thrower", function* (p) {
      yield* p.sched.point("before");
      throw new TypeError("boom");
    });
    const out = w.run();
    expect(out.verdict).toBe("violation");
    expect(out.violations[0]).toMatchObject({ kind: "uncaught-error", property: "engine-error" });
    expect(out.violations[0]!.explanation).toMatch(/TypeError: boom/);
  });

  it("reports an error that names the promise it breaks under that property, and no other name", () => {
    const thrown = (breaks: string): Violation => {
      const w = world();
      const pid = w.spawnProcess("p");
      w.spawnThread(pid, "asserter", function* (p) {
        yield* p.sched.point("before");
        throw Object.assign(new Error("two writers inside"), { breaks });
      });
      return w.run().violations[0]!;
    };
    expect(thrown("write-conflict")).toMatchObject({ kind: "broken-invariant", property: "write-conflict" });
    expect(thrown("bananas")).toMatchObject({ kind: "uncaught-error", property: "engine-error" });
  });

  it("wakes a futex waiter when the word changes, and times out otherwise", () => {
    const w = world({ strategy: scripted(["waiter", "setter", "waiter"]) });
    const pid = w.spawnProcess("p");
    let result = "";
    w.spawnThread(pid, "waiter", function* (p) {
      result = yield* p.mem.wait(10, 0, undefined, "flag");
    });
    w.spawnThread(pid, "setter", function* (p) {
      yield* p.mem.store(10, 1, "flag.set");
    });
    expect(w.run().end).toBe("done");
    expect(result).toBe("changed");

    const w2 = world();
    const pid2 = w2.spawnProcess("p");
    let r2 = "";
    w2.spawnThread(pid2, "waiter", function* (p) {
      r2 = yield* p.mem.wait(10, 0, 50, "flag");
    });
    expect(w2.run().end).toBe("done");
    expect(r2).toBe("timed-out");
  });
});
