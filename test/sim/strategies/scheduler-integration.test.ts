// The strategies driven by the real scheduler (through World): dfs enumerates
// memory races and respects blocking, pct finds the depth-2 bug, replay
// reproduces a run's trace hash and fails loudly when it diverges.
import { describe, expect, it } from "vitest";
import type { Ports, Step } from "../../../src/engine/ports.js";
import { Rng } from "../../../src/sim/rng.js";
import { dfsStrategy, type DfsStrategy } from "../../../src/sim/strategies/dfs.js";
import { pctStrategy } from "../../../src/sim/strategies/pct.js";
import { randomStrategy } from "../../../src/sim/strategies/random.js";
import { replayStrategy } from "../../../src/sim/strategies/replay.js";
import { ReplayDivergence, type Strategy } from "../../../src/sim/strategies/strategy.js";
import { SimMutex } from "../../../src/sim/sync/mutex.js";
import { DEFAULT_WORLD, World } from "../../../src/sim/world.js";

const X = 0; // words in the reserved root area, live from the start
const Y = 2;

function world(strategy: Strategy, seed = 1n): World {
  return new World({
    ...DEFAULT_WORLD,
    seed,
    strategy,
    arena: { words: 256, reservedWords: 64, quarantineWords: 16 },
  });
}

type Body = (p: Ports) => Generator<Step, void, unknown>;

/** Runs `bodies` as threads of one process; returns the final words X, Y and the run. */
function runBodies(strategy: Strategy, bodies: readonly Body[], seed = 1n) {
  const w = world(strategy, seed);
  const pid = w.spawnProcess("p");
  bodies.forEach((body, i) => w.spawnThread(pid, `t${i}`, body));
  const out = w.run();
  return { out, x: w.arena.i32[X]!, y: w.arena.i32[Y]! };
}

function exploreBodies(dfs: DfsStrategy, makeBodies: () => readonly Body[]) {
  const runs: { decisions: string; outcome: string; end: string; redundant: boolean }[] = [];
  while (dfs.beginExecution()) {
    const r = runBodies(dfs, makeBodies());
    runs.push({ decisions: r.out.decisions.join(""), outcome: `${r.x},${r.y}`, end: r.out.end, redundant: dfs.redundantRun });
  }
  return runs;
}

const incr: Body = function* (p) {
  const v = yield* p.mem.load(X);
  yield* p.mem.store(X, v + 1);
};

describe("strategies through the scheduler", () => {
  it("dfs: 2 racy increments = 6 schedules, lost update included", () => {
    const runs = exploreBodies(dfsStrategy(), () => [incr, incr]);
    expect(runs).toHaveLength(6);
    expect(new Set(runs.map((r) => r.decisions)).size).toBe(6);
    expect(new Set(runs.map((r) => r.outcome))).toEqual(new Set(["1,0", "2,0"]));
  });

  it("dfs: a mutex-protected increment never loses an update, and blocked threads are never picked", () => {
    const makeBodies = (before: number) => (): Body[] => {
      const m = new SimMutex("m");
      const locked: Body = function* (p) {
        for (let i = 0; i < before; i++) yield* p.sched.point("before");
        yield* m.lock(p.tid);
        const v = yield* p.mem.load(X);
        yield* p.mem.store(X, v + 1);
        yield* m.unlock(p.tid);
      };
      return [locked, locked];
    };
    // Lock first: whoever locks runs its whole critical section alone, so 2 schedules.
    const serial = exploreBodies(dfsStrategy(), makeBodies(0));
    expect(serial.map((r) => r.decisions).sort()).toEqual(["00001111", "11110000"]);
    // One step before the lock lets the threads interleave outside it.
    const runs = exploreBodies(dfsStrategy(), makeBodies(1));
    expect(runs.length).toBeGreaterThan(2);
    for (const r of [...serial, ...runs]) {
      expect(r.end).toBe("done");
      expect(r.outcome).toBe("2,0");
    }
  });

  it("dfs with sleep sets: fewer executions on disjoint words, same outcomes on races", () => {
    const own =
      (addr: number): Body =>
      function* (p) {
        yield* p.mem.store(addr, 1);
        const v = yield* p.mem.load(addr);
        yield* p.mem.store(addr, v + 1);
      };
    const plain = exploreBodies(dfsStrategy(), () => [own(X), own(Y)]);
    const reduced = exploreBodies(dfsStrategy({ sleepSets: true }), () => [own(X), own(Y)]);
    expect(plain).toHaveLength(20);
    expect(reduced.length).toBeLessThan(plain.length);

    const crossing: Body[] = [
      function* (p) {
        yield* p.mem.store(X, 1);
        const v = yield* p.mem.load(Y);
        yield* p.mem.store(X, 10 + v);
      },
      function* (p) {
        yield* p.mem.store(Y, 1);
        const v = yield* p.mem.load(X);
        yield* p.mem.store(Y, 10 + v);
      },
      incr,
    ];
    const outcomes = (runs: { outcome: string; redundant: boolean }[]) =>
      [...new Set(runs.filter((r) => !r.redundant).map((r) => r.outcome))].sort();
    const all = exploreBodies(dfsStrategy(), () => crossing);
    const some = exploreBodies(dfsStrategy({ sleepSets: true }), () => crossing);
    expect(outcomes(all).length).toBeGreaterThan(2);
    expect(outcomes(some)).toEqual(outcomes(all));
    expect(some.length).toBeLessThan(all.length);
  });

  it("pct finds the half-done bug above its bound and far more often than random", () => {
    const LOCAL = 8;
    const STEPS = 2 * (LOCAL + 3);
    const halfDone = (): { bodies: Body[]; bug: () => boolean } => {
      const seen: number[] = [];
      const t =
        (mine: number, other: number): Body =>
        function* (p) {
          yield* p.mem.store(mine, 1);
          yield* p.mem.store(mine, 2);
          for (let i = 0; i < LOCAL; i++) yield* p.sched.point(`local${i}`);
          seen.push(yield* p.mem.load(other));
        };
      return { bodies: [t(X, Y), t(Y, X)], bug: () => seen.includes(1) };
    };
    const rate = (make: (seed: number) => Strategy, seeds: number): number => {
      let hits = 0;
      for (let s = 0; s < seeds; s++) {
        const toy = halfDone();
        const { out } = runBodies(make(s), toy.bodies);
        expect(out.steps).toBe(STEPS);
        if (toy.bug()) hits++;
      }
      return hits / seeds;
    };
    const seeds = 600;
    const pct = rate((s) => pctStrategy(new Rng(BigInt(s)), { depth: 2, maxSteps: STEPS }), seeds);
    const random = rate((s) => randomStrategy(new Rng(BigInt(s))), seeds);
    expect(pct).toBeGreaterThanOrEqual(1 / (2 * STEPS));
    expect(pct).toBeGreaterThan(4 * random);
  });

  it("pct: a thread spinning on a flag lets the setter run", () => {
    for (let seed = 0; seed < 60; seed++) {
      const waiter: Body = function* (p) {
        while ((yield* p.mem.load(X)) === 0) yield* p.sched.spin("wait X");
        yield* p.mem.store(Y, 1);
      };
      const setter: Body = function* (p) {
        for (let i = 0; i < 3; i++) yield* p.sched.point("work");
        yield* p.mem.store(X, 1);
      };
      const strategy = pctStrategy(new Rng(BigInt(seed)), { depth: 2, maxSteps: 20 });
      const w = new World({ ...DEFAULT_WORLD, seed: 1n, strategy, stepBudgetMax: 500, arena: { words: 256, reservedWords: 64, quarantineWords: 16 } });
      const pid = w.spawnProcess("p");
      w.spawnThread(pid, "waiter", waiter);
      w.spawnThread(pid, "setter", setter);
      const out = w.run();
      expect(out.end).toBe("done");
      expect(w.arena.i32[Y]).toBe(1);
    }
  });

  it("replay reproduces a recorded run's decisions and trace hash; strict divergence escapes run()", () => {
    const bodies: Body[] = [incr, incr, incr];
    for (let seed = 0n; seed < 10n; seed++) {
      const first = runBodies(randomStrategy(new Rng(seed)), bodies, seed);
      const again = runBodies(replayStrategy(first.out.decisions), bodies, seed);
      expect(again.out.decisions).toEqual(first.out.decisions);
      expect(again.out.traceHash).toBe(first.out.traceHash);
      expect(again.x).toBe(first.x);
    }
    // Thread 0 has 2 steps; a recording that asks for it a third time diverges at step 2.
    expect(() => runBodies(replayStrategy([0, 0, 0, 1, 1, 2, 2]), bodies)).toThrow(ReplayDivergence);
    expect(() => runBodies(replayStrategy([0, 0, 0, 1, 1, 2, 2]), bodies)).toThrow(/step 2: recorded thread 0/);
  });
});
