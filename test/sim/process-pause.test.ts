// Process pauses: a paused process stays alive but none of its threads is
// scheduled until the pause ends; the others run on, and idle time is skipped.
import { describe, expect, it } from "vitest";
import { DEFAULT_WORLD, World } from "../../src/sim/world.js";
import { NO_FAULTS } from "../../src/sim/faults.js";
import { DEFAULT_CLOCK } from "../../src/sim/clock.js";
import type { Ports } from "../../src/engine/ports.js";

function run(pause: boolean): { times: Record<string, number[]>; alive: boolean; steps: number; stats: { pauses: number; pausedUs: number } } {
  const w = new World({
    ...DEFAULT_WORLD,
    seed: 5n,
    stepBudgetMax: 10_000,
    arena: { words: 1 << 12, reservedWords: 64, quarantineWords: 0 },
    clock: DEFAULT_CLOCK,
    disk: undefined,
    faults: { ...NO_FAULTS, ...(pause ? { pause: { probabilityPerStep: 1, pausesMax: 1, durationUsMin: 5_000_000, durationUsMax: 5_000_000 } } : {}) },
  });
  const times: Record<string, number[]> = { a: [], b: [] };
  let alive = false;
  const pa = w.spawnProcess("a");
  const pb = w.spawnProcess("b", { crashable: false });
  w.spawnThread(pa, "a", function* (p: Ports) {
    for (let i = 0; i < 3; i++) {
      yield* p.sched.point("a.step");
      times.a!.push(p.clock.monotonicUs());
    }
  });
  w.spawnThread(pb, "b", function* (p: Ports) {
    for (let i = 0; i < 3; i++) {
      yield* p.sched.point("b.step");
      times.b!.push(p.clock.monotonicUs());
      alive ||= p.procs.isAlive(pa) && times.a!.length === 0;
    }
  });
  const out = w.run();
  return { times, alive, steps: out.steps, stats: w.stats };
}

describe("process pause", () => {
  it("keeps the paused process alive and unscheduled for the drawn duration, at the cost of a few steps", () => {
    const r = run(true);
    expect(r.stats.pauses).toBe(1);
    expect(r.alive).toBe(true);
    expect(r.times.b!.every((t) => t < 1000)).toBe(true);
    expect(r.times.a!.length).toBe(3);
    expect(r.times.a![0]).toBeGreaterThanOrEqual(5_000_000);
    expect(r.steps).toBeLessThan(20);
  });

  it("without pauses, both processes run within microseconds", () => {
    const r = run(false);
    expect(r.stats.pauses).toBe(0);
    expect(r.times.a!.every((t) => t < 1000)).toBe(true);
  });
});
