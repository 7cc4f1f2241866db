// Determinism is a tested property: for random small programs (atomics,
// spins, sleeps, mutexes, allocation, crash points), the same seed gives the
// same trace hash, and replaying the recorded decisions reproduces it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Ports } from "../../src/engine/ports.js";
import { NO_FAULTS } from "../../src/sim/faults.js";
import { replayStrategy } from "../../src/sim/strategies/replay.js";
import type { Strategy } from "../../src/sim/strategies/strategy.js";
import { SimMutex } from "../../src/sim/sync/mutex.js";
import { DEFAULT_WORLD, World, type RunOutcome } from "../../src/sim/world.js";

type Op =
  | { k: "load" | "store" | "cas" | "add"; addr: number; v: number }
  | { k: "spin" | "lock" }
  | { k: "sleep"; us: number }
  | { k: "alloc-free" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constantFrom("load" as const, "store" as const, "cas" as const, "add" as const), addr: fc.integer({ min: 100, max: 103 }), v: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ k: fc.constantFrom("spin" as const, "lock" as const) }),
  fc.record({ k: fc.constant("sleep" as const), us: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ k: fc.constant("alloc-free" as const) }),
);
const programArb = fc.array(fc.array(opArb, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 4 });

function* body(p: Ports, ops: readonly Op[], mutex: SimMutex) {
  for (const op of ops) {
    switch (op.k) {
      case "load":
        yield* p.mem.load(op.addr, "l");
        break;
      case "store":
        yield* p.mem.store(op.addr, op.v, "s");
        break;
      case "cas":
        yield* p.mem.cas(op.addr, op.v, op.v + 1, "c");
        break;
      case "add":
        yield* p.mem.add(op.addr, op.v, "a");
        break;
      case "spin":
        yield* p.sched.spin();
        break;
      case "lock":
        yield* mutex.lock(p.tid);
        yield* p.mem.add(100, 1, "in-lock");
        yield* mutex.unlock(p.tid);
        break;
      case "sleep":
        yield* p.sched.sleep(op.us);
        break;
      case "alloc-free": {
        const a = yield* p.mem.alloc(2, "af");
        yield* p.mem.free(a, "af");
        break;
      }
    }
  }
}

function run(program: readonly (readonly Op[])[], seed: bigint, strategy?: Strategy): RunOutcome {
  const w = new World({
    ...DEFAULT_WORLD,
    seed,
    ...(strategy ? { strategy } : {}),
    arena: { words: 4096, reservedWords: 128, quarantineWords: 64 },
    faults: { ...NO_FAULTS, processCrashProbabilityPerStep: 0.02, processCrashesMax: 1, crashPoints: [{ label: "s", nth: 3 }] },
  });
  const mutex = new SimMutex("m");
  const pids = [w.spawnProcess("a"), w.spawnProcess("b")];
  program.forEach((ops, i) => w.spawnThread(pids[i % 2]!, `t${i}`, (p) => body(p, ops, mutex)));
  return w.run();
}

describe("determinism", () => {
  it("same program and seed give the same trace hash; replay reproduces it", () => {
    fc.assert(
      fc.property(programArb, fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (program, seed) => {
        const a = run(program, seed);
        const b = run(program, seed);
        expect(b.traceHash).toBe(a.traceHash);
        expect(b.decisions).toEqual(a.decisions);
        const r = run(program, seed, replayStrategy(a.decisions));
        expect(r.traceHash).toBe(a.traceHash);
      }),
      { numRuns: 150, seed: 42 },
    );
  });

  it("different seeds explore different schedules (the hash is not constant)", () => {
    const program: Op[][] = [
      [{ k: "add", addr: 100, v: 1 }, { k: "add", addr: 101, v: 1 }, { k: "load", addr: 100, v: 0 }],
      [{ k: "add", addr: 101, v: 2 }, { k: "store", addr: 100, v: 3 }, { k: "load", addr: 101, v: 0 }],
    ];
    const hashes = new Set<string>();
    for (let s = 0n; s < 20n; s++) hashes.add(run(program, s).traceHash);
    expect(hashes.size).toBeGreaterThan(5);
  });
});
