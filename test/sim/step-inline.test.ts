// Steps taken inline (Scheduler.stepInline: a thread's memory access taken
// without suspending it, when the strategy picks it again and no fault stops
// it) must leave every outcome as the loop would: the same decisions, trace
// hash, history, verdict and violation step. The reference runs have
// stepInline off (WorldOptions.stepInline: false): every step goes through
// the loop.
import { describe, expect, it, vi } from "vitest";
import { DEFAULT_WORLD, World } from "../../src/sim/world.js";
import { NO_FAULTS, type FaultOptions } from "../../src/sim/faults.js";
import type { Gen, Ports } from "../../src/engine/ports.js";
import type { Strategy } from "../../src/sim/strategies/strategy.js";
import { pctStrategy } from "../../src/sim/strategies/pct.js";
import { Rng } from "../../src/sim/rng.js";
import { loadScenario } from "../../src/harness/scenario.js";
import { scenarioRunSpec, scenarioStrategy } from "../../src/harness/scenario-run-spec.js";
import { scenarioTarget } from "../../src/harness/target-loader.js";
import { simulate } from "../../src/harness/simulate.js";
import { derivedSeed } from "../../src/harness/seeds.js";

type Body = (p: Ports) => Gen<unknown>;

interface RunOptions {
  readonly faults?: FaultOptions;
  readonly strategy?: () => Strategy;
  readonly processes?: number;
  readonly seed?: bigint;
}

function run(bodies: readonly Body[], inline: boolean, o: RunOptions = {}) {
  const w = new World({
    ...DEFAULT_WORLD,
    seed: o.seed ?? 7n,
    faults: o.faults ?? NO_FAULTS,
    stepInline: inline,
    ...(o.strategy ? { strategy: o.strategy() } : {}),
  });
  const spy = vi.spyOn(w.scheduler, "stepInline");
  const pids = Array.from({ length: o.processes ?? 1 }, (_, i) => w.spawnProcess(`p${i}`));
  bodies.forEach((b, i) => w.spawnThread(pids[i % pids.length]!, `t${i}`, b));
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
      pauses: w.stats.pauses,
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

function expectSameAsLoop(bodies: readonly Body[], o: RunOptions = {}, inlinedMin = 1) {
  const fast = run(bodies, true, o);
  const slow = run(bodies, false, o);
  expect(slow.inlined).toBe(0);
  expect(fast.inlined).toBeGreaterThanOrEqual(inlinedMin);
  expect(fast.same).toEqual(slow.same);
  return { ...fast.same, inlined: fast.inlined };
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
      const world = new World({ ...DEFAULT_WORLD, seed: 3n, stepBudgetMax: 17, stepInline: inline });
      world.spawnThread(world.spawnProcess("p"), "t", (p) => counter(p, 100));
      const out = world.run();
      return { end: out.end, steps: out.steps, traceHash: out.traceHash };
    };
    expect(w(true)).toEqual(w(false));
    expect(w(true)).toMatchObject({ end: "step-budget", steps: 17 });
  });

  const three: Body[] = [(p) => counter(p, 30), (p) => counter(p, 25), (p) => counter(p, 40)];

  it("leave several threads' interleaving as the loop leaves it (random strategy)", () => {
    for (const seed of [1n, 2n, 3n, 4n]) expect(expectSameAsLoop(three, { seed }).verdict).toBe("ok");
  });

  it("leave several threads' interleaving as the loop leaves it (pct: long runs of one thread)", () => {
    for (const seed of [1n, 2n, 3n]) {
      const strategy = () => pctStrategy(new Rng(seed).fork("scheduler"), { depth: 3, maxSteps: 200 });
      expect(expectSameAsLoop(three, { seed, strategy }).verdict).toBe("ok");
    }
  });

  it("stop a step where a fault strikes before it, as the loop does (crashes, power loss, pauses)", () => {
    const faults: FaultOptions = {
      ...NO_FAULTS,
      processCrashProbabilityPerStep: 0.02,
      processCrashesMax: 2,
      powerLossProbabilityPerStep: 0.005,
      powerLossesMax: 1,
      crashPoints: [{ label: "c.store", nth: 7 }],
      pause: { probabilityPerStep: 0.03, pausesMax: 3, durationUsMin: 5, durationUsMax: 50 },
    };
    let stopped = 0;
    let inlined = 0;
    for (const seed of [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n]) {
      const out = expectSameAsLoop([...three, (p) => counter(p, 20)], { seed, faults, processes: 3 }, 0);
      stopped += out.pauses + (out.history.match(/"f":"(crash|power-loss)"/g)?.length ?? 0);
      inlined += out.inlined;
    }
    expect(stopped).toBeGreaterThan(5);
    expect(inlined).toBeGreaterThan(20);
  });

  it("throw from run what a strategy throws, with no thread code in between", () => {
    const throwing = (): Strategy => {
      let n = 0;
      return {
        name: "throws",
        pick(runnable) {
          if (++n === 9) throw new Error("strategy gave up");
          return runnable[0]!.tid;
        },
      };
    };
    const body: Body = function* (p) {
      try {
        yield* counter(p, 20);
      } catch {
        // must not see the strategy's error
      }
    };
    for (const inline of [true, false]) {
      const w = new World({ ...DEFAULT_WORLD, seed: 1n, strategy: throwing(), stepInline: inline });
      const pid = w.spawnProcess("p");
      w.spawnThread(pid, "a", body);
      w.spawnThread(pid, "b", body);
      expect(() => w.run()).toThrow("strategy gave up");
    }
  });
});

// The whole harness (engine, workload, faults, checkers) on shipped scenarios.
describe("steps taken inline, on shipped scenarios", () => {
  const files = [
    "scenarios/random-crashes-and-power.json",
    "scenarios/bugs/gc-drops-visible-version.json",
    "scenarios/bugs/writer-lock-dead-owner.json",
    "scenarios/swarm.json",
  ];
  for (const file of files) {
    it(`leave ${file} as the loop leaves it`, async () => {
      const load = await loadScenario(file);
      if (!load.ok) throw new Error(load.error);
      const s = load.scenario;
      if (s.strategy.name === "pct" && s.strategy.maxSteps === undefined) throw new Error("pick a scenario that sets pct's k");
      for (const index of [0, 1]) {
        const seed = derivedSeed(1n, index);
        const one = (inline: boolean) => {
          const spec = scenarioRunSpec(s);
          const strategy = scenarioStrategy(s, seed);
          if (typeof strategy === "string") throw new Error(strategy);
          const r = simulate({ ...spec, world: { ...spec.world, stepInline: inline } }, scenarioTarget(s), seed, { strategy });
          return { verdict: r.verdict, hash: r.outcome.traceHash, steps: r.outcome.steps, history: JSON.stringify(r.history) };
        };
        expect(one(true)).toEqual(one(false));
      }
    }, 60_000);
  }
});
