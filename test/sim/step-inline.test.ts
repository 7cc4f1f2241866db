// Steps taken inline (Scheduler.stepInline: a lone thread's memory access taken
// without suspending it) must leave every outcome as the loop would: the same
// decisions, trace hash, history, verdict and violation step. The reference
// run makes the hooks not quiet with a fault that is on but never fires (its
// draws come from the fault stream, which nothing hashed depends on).
import { describe, expect, it, vi } from "vitest";
import { DEFAULT_WORLD, World } from "../../src/sim/world.js";
import { NO_FAULTS } from "../../src/sim/faults.js";
import type { Gen, Ports } from "../../src/engine/ports.js";

type Body = (p: Ports) => Gen<unknown>;

function run(bodies: readonly Body[], inline: boolean) {
  const faults = inline ? NO_FAULTS : { ...NO_FAULTS, processCrashesMax: 1, processCrashProbabilityPerStep: 1e-300 };
  const w = new World({ ...DEFAULT_WORLD, seed: 7n, faults });
  const spy = vi.spyOn(w.scheduler, "stepInline");
  const pid = w.spawnProcess("p");
  bodies.forEach((b, i) => w.spawnThread(pid, `t${i}`, b));
  const out = w.run();
  const inlined = spy.mock.results.filter((r) => r.value === true).length;
  return {
    inlined,
    same: {
      verdict: out.verdict,
      end: out.end,
      steps: out.steps,
      traceHash: out.traceHash,
      decisions: out.decisions,
      violation: out.violations[0] && { kind: out.violations[0].kind, step: out.violations[0].step, explanation: out.violations[0].explanation },
      history: w.history.toJsonl(),
    },
  };
}

function* counter(p: Ports, n: number): Gen<number> {
  const a = yield* p.mem.alloc(2, "c.alloc");
  for (let i = 0; i < n; i++) {
    const v = yield* p.mem.load(a, "c.load");
    yield* p.mem.store(a, v + 1, "c.store");
    if (i % 5 === 0) p.observe("memory", { liveWords: i, liveVersions: 0, garbageVersions: 0 });
  }
  yield* p.mem.free(a, "c.free");
  return n;
}

function expectSameAsLoop(bodies: readonly Body[]) {
  const fast = run(bodies, true);
  const slow = run(bodies, false);
  expect(slow.inlined).toBe(0);
  expect(fast.inlined).toBeGreaterThan(0);
  expect(fast.same).toEqual(slow.same);
  return fast.same;
}

describe("steps taken inline", () => {
  it("leave a lone thread's run as the loop leaves it", () => {
    expect(expectSameAsLoop([(p) => counter(p, 40)]).verdict).toBe("ok");
  });

  it("start once the other threads have finished, with the same interleaving before", () => {
    const out = expectSameAsLoop([(p) => counter(p, 5), (p) => counter(p, 30), (p) => counter(p, 3)]);
    expect(out.verdict).toBe("ok");
  });

  it("end the run at the same step on a use-after-free the thread swallows", () => {
    const out = expectSameAsLoop([
      function* (p) {
        const a = yield* p.mem.alloc(2, "b.alloc");
        yield* p.mem.free(a, "b.free");
        try {
          yield* p.mem.load(a, "b.stale");
        } catch {
          // swallowed: the world still reports it
        }
        for (let i = 0; i < 10; i++) yield* p.mem.load(0, "b.after");
      },
    ]);
    expect(out.verdict).toBe("violation");
    expect(out.violation?.kind).toBe("use-after-free");
  });

  it("blame the step a thread threw in", () => {
    const out = expectSameAsLoop([
      function* (p) {
        yield* counter(p, 12);
        throw new Error("boom");
      },
    ]);
    expect(out.violation?.kind).toBe("uncaught-error");
    expect(out.violation?.step).toBe(out.steps - 1);
  });

  it("stop at the step budget where the loop stops", () => {
    const w = (inline: boolean) => {
      const faults = inline ? NO_FAULTS : { ...NO_FAULTS, processCrashesMax: 1, processCrashProbabilityPerStep: 1e-300 };
      const world = new World({ ...DEFAULT_WORLD, seed: 3n, faults, stepBudgetMax: 17 });
      world.spawnThread(world.spawnProcess("p"), "t", (p) => counter(p, 100));
      const out = world.run();
      return { end: out.end, steps: out.steps, traceHash: out.traceHash };
    };
    expect(w(true)).toEqual(w(false));
    expect(w(true)).toMatchObject({ end: "step-budget", steps: 17 });
  });
});
