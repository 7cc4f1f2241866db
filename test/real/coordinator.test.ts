// Real worker threads over one SharedArrayBuffer: CAS counters add up, the
// shared allocator never hands a block to two holders, futex wait/notify wakes
// across threads, an aimed kill stops a worker mid-sequence and shows it
// dead to the survivors, and a killed slot restarts on a warm standby as a new
// process. Workers run the TS sources (see worker-setup.ts).
import { describe, expect, it } from "vitest";
import { Coordinator } from "../../src/real/coordinator.js";
import { realProcesses } from "../../src/real/real-ports.js";
import { PHASE_PARKED } from "../../src/real/worker-context.js";
import { SharedAllocator } from "../../src/real/shared-allocator.js";
import { testCoordinator } from "./worker-setup.js";

describe("coordinator and workers", () => {
  it("CAS-loop increments from two workers add up", async () => {
    const c = new Coordinator(testCoordinator());
    c.start([
      { pid: 1, body: "casCounter", args: { word: 10, times: 20_000 } },
      { pid: 2, body: "casCounter", args: { word: 10, times: 20_000 } },
    ]);
    const out = await c.outcomes();
    expect(out.map((o) => o.error ?? o.status)).toEqual(["done", "done"]);
    expect(Atomics.load(c.i32, 10)).toBe(40_000);
  });

  it("the shared allocator hands no block to two workers at once", async () => {
    const c = new Coordinator(testCoordinator());
    c.start([1, 2].map((pid) => ({ pid, body: "allocChurn", args: { rounds: 20_000, hold: 24, keep: 16, seed: pid * 7919 } })));
    const out = await c.outcomes();
    expect(out.map((o) => o.error ?? o.status)).toEqual(["done", "done"]);
    type Churn = { allocs: number; frees: number; corrupt: number; dirty: number; kept: [number, number][] };
    const results = out.map((o) => o.result as Churn);
    for (const r of results) {
      expect(r.corrupt).toBe(0);
      expect(r.dirty).toBe(0);
      expect(r.allocs - r.frees).toBe(16);
    }
    const kept = results.flatMap((r) => r.kept).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < kept.length; i++) expect(kept[i]![0]).toBeGreaterThanOrEqual(kept[i - 1]![0] + kept[i - 1]![1]);
    // Live words count what is still held, in whole size classes.
    const live = new SharedAllocator(c.i32, c.layout).liveWords();
    const held = kept.reduce((n, [, w]) => n + Math.max(2, w + (w % 2)), 0);
    expect(live).toBeGreaterThanOrEqual(held);
    expect(live).toBeLessThan(2 * held);
  });

  it("futex wait in one worker is woken by notify from another", async () => {
    const c = new Coordinator(testCoordinator());
    // The waker starts once word 21 says the waiter has announced its wait.
    const [waiter] = c.start([
      { pid: 1, body: "futexWaiter", args: { word: 20 } },
      { pid: 2, body: "futexWaker", args: { word: 20, phase: 21 } },
    ]);
    expect(await c.waitPhase(waiter!, 1, 10_000)).toBe(true);
    Atomics.store(c.i32, 21, 1);
    const out = await c.outcomes();
    expect(out[0]!.result).toEqual({ result: "changed", value: 1 });
    expect(out[1]!.result).toBe("woke");
  });

  it("an aimed kill parks a worker mid-sequence; survivors see its pid dead", async () => {
    const c = new Coordinator(testCoordinator());
    const [victim, survivor] = c.start([
      { pid: 3, body: "parkMidway", args: { base: 30 } },
      { pid: 4, body: "awaitDeath", args: { victim: 3 } },
    ]);
    expect(await c.waitPhase(victim!, PHASE_PARKED, 10_000)).toBe(true);
    expect(await c.waitPhase(survivor!, 1, 10_000)).toBe(true);
    expect(realProcesses(c.i32, c.layout, 0).isAlive(3)).toBe(true);
    await c.kill(3);
    expect(realProcesses(c.i32, c.layout, 0).isAlive(3)).toBe(false);
    const out = await c.outcomes();
    expect(out[0]!.status).toBe("killed");
    expect(out[1]!.result).toEqual({ sawAlive: true, deadAtEnd: true });
    expect(Array.from(c.i32.slice(30, 35))).toEqual([1, 1, 0, 0, 0]);
  });

  it("a process is a group of workers: killing its pid terminates all of them", async () => {
    const c = new Coordinator(testCoordinator());
    const [a, b] = c.start([
      { pid: 5, body: "parkMidway", args: { base: 40 } },
      { pid: 5, body: "parkMidway", args: { base: 50 } },
    ]);
    expect(await c.waitPhase(a!, PHASE_PARKED, 10_000)).toBe(true);
    expect(await c.waitPhase(b!, PHASE_PARKED, 10_000)).toBe(true);
    await c.kill(5);
    const out = await c.outcomes();
    expect(out.map((o) => o.status)).toEqual(["killed", "killed"]);
    expect(realProcesses(c.i32, c.layout, 0).isAlive(5)).toBe(false);
  });

  it("a killed slot restarts on a warm standby: a new pid and tid in the same slot, with its own args", async () => {
    const c = new Coordinator(testCoordinator());
    const [slot] = c.start([{ pid: 3, body: "parkMidway", args: { base: 60 } }]);
    c.prepare("parkMidway");
    expect(await c.waitPhase(slot!, PHASE_PARKED, 10_000)).toBe(true);
    expect(await c.standbyReady("parkMidway", 30_000)).toBe(true);
    await c.kill(3);
    c.restart(slot!, { pid: 4, body: "parkMidway", args: { base: 70 } });
    expect(c.pidOf(slot!)).toBe(4);
    expect(realProcesses(c.i32, c.layout, 0).isAlive(4)).toBe(true);
    expect(await c.waitPhase(slot!, PHASE_PARKED, 10_000)).toBe(true);
    await c.kill(4);
    const out = await c.outcomes();
    expect(out.map((o) => [o.worker, o.pid, o.status])).toEqual([[0, 3, "killed"], [0, 4, "killed"]]);
    expect(out[0]!.tid).not.toBe(out[1]!.tid);
    expect(Array.from(c.i32.slice(60, 63))).toEqual([1, 1, 0]);
    expect(Array.from(c.i32.slice(70, 73))).toEqual([1, 1, 0]);
    // No standby is left, so a second restart starts cold.
    expect(await c.standbyReady("parkMidway", 0)).toBe(false);
  });
});
