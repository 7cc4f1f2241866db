// RealMemory against SimMemory: the same operation sequence on one thread
// gives the same results and the same final words (a fast-check differential
// test), plus what only the real port does: no yields, wild accesses refused,
// futex timeouts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Gen, Memory } from "../../src/engine/ports.js";
import { RealMemory, WildAccessError } from "../../src/real/real-memory.js";
import { createShared, layoutFor } from "../../src/real/shared-layout.js";
import { drive } from "../../src/real/worker-context.js";
import { Arena } from "../../src/sim/arena.js";
import { SimMemory } from "../../src/sim/sim-memory.js";

const WORDS = 256;
const RESERVED = 64;

function realMemory(): RealMemory {
  const layout = layoutFor({ words: WORDS, reservedWords: RESERVED, maxPids: 4, maxWorkers: 1, logWordsPerWorker: 0 });
  return new RealMemory(createShared(layout), layout);
}

function simMemory(): SimMemory {
  const arena = new Arena({ words: WORDS, reservedWords: RESERVED, quarantineWords: 0 });
  return new SimMemory({
    arena: () => arena,
    site: () => ({ thread: 0, step: 0 }),
    nowUs: () => 0,
    badAccess: () => {},
  });
}

/** Runs a sim generator to its end, answering every step. */
function runSim<T>(g: Gen<T>): T {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
}

const addr = fc.integer({ min: 0, max: RESERVED - 1 });
const addr64 = fc.integer({ min: 0, max: RESERVED / 2 - 1 }).map((a) => a * 2);
const i32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const small = fc.integer({ min: -5, max: 5 });
const safe = fc.oneof(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), small);

type Op = (m: Memory) => Gen<unknown>;
const mk = (name: string, f: Op): [string, Op] => [name, f];
const op: fc.Arbitrary<[string, Op]> = fc.oneof(
  addr.map((a) => mk(`load ${a}`, (m) => m.load(a))),
  fc.tuple(addr, i32).map(([a, v]) => mk(`store ${a} ${v}`, (m) => m.store(a, v))),
  fc.tuple(addr, small, small).map(([a, e, d]) => mk(`cas ${a} ${e} ${d}`, (m) => m.cas(a, e, d))),
  fc.tuple(addr, i32).map(([a, d]) => mk(`add ${a} ${d}`, (m) => m.add(a, d))),
  addr64.map((a) => mk(`load64 ${a}`, (m) => m.load64(a))),
  fc.tuple(addr64, safe).map(([a, v]) => mk(`store64 ${a} ${v}`, (m) => m.store64(a, v))),
  fc.tuple(addr64, small, safe).map(([a, e, d]) => mk(`cas64 ${a} ${e} ${d}`, (m) => m.cas64(a, e, d))),
  fc.tuple(addr64, small).map(([a, d]) => mk(`add64 ${a} ${d}`, (m) => m.add64(a, d))),
  fc.tuple(addr, fc.integer({ min: 1, max: 8 })).map(([a, n]) => mk(`read ${a} ${n}`, (m) => m.read(Math.min(a, RESERVED - n), n))),
  fc.tuple(addr, fc.array(small, { minLength: 1, maxLength: 6 })).map(([a, d]) =>
    mk(`write ${a} ${d}`, (m) => m.write(Math.min(a, RESERVED - d.length), d)),
  ),
);

describe("RealMemory", () => {
  it("gives SimMemory's results for the same operations on one thread", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const real = realMemory();
        const sim = simMemory();
        for (const [, o] of ops) {
          let simOut: unknown;
          let realOut: unknown;
          try {
            simOut = runSim(o(sim));
          } catch (e) {
            simOut = (e as Error).message;
          }
          try {
            realOut = drive(o(real));
          } catch (e) {
            realOut = (e as Error).message;
          }
          expect(realOut).toEqual(simOut);
        }
        expect(drive(real.read(0, RESERVED))).toEqual(runSim(sim.read(0, RESERVED)));
      }),
      { numRuns: 200 },
    );
  });

  it("never yields: every port call completes on the first next()", () => {
    const m = realMemory();
    const steps = [m.store(2, 7), m.cas(2, 7, 8), m.add64(4, 3), m.notify(2)].map((g) => g.next().done);
    expect(steps).toEqual([true, true, true, true]);
    expect(drive(m.load(2))).toBe(8);
  });

  it("refuses accesses outside the arena (allocator and control words)", () => {
    const m = realMemory();
    expect(() => drive(m.load(WORDS))).toThrow(WildAccessError);
    expect(() => drive(m.store(-1, 0))).toThrow(WildAccessError);
    expect(() => drive(m.write(WORDS - 2, [1, 2, 3]))).toThrow(WildAccessError);
    expect(() => drive(m.load64(3))).toThrow(RangeError);
    expect(() => drive(m.store64(2, 2 ** 60))).toThrow(RangeError);
  });

  it("futex wait returns at once when the word differs and times out when it does not", () => {
    const m = realMemory();
    drive(m.store(8, 5));
    expect(drive(m.wait(8, 4, 1000))).toBe("changed");
    expect(drive(m.wait(8, 5, 1000))).toBe("timed-out");
  });

  it("a tripwire fires on the n-th mutating operation, not on loads", () => {
    const m = realMemory();
    const fired: number[] = [];
    m.onTrip = () => fired.push(drive(m.load(0)));
    m.tripwire = 3;
    drive(m.store(0, 1));
    drive(m.load(0));
    drive(m.add(0, 1));
    drive(m.cas(0, 2, 3));
    drive(m.store(0, 9));
    expect(fired).toEqual([2]);
  });
});
