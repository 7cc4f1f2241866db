// The same two races as simulated threads over mvsim's arena: a counter word
// loaded then stored, and a key's newest-writer word checked, then claimed in a
// second step, then committed. Seeds run until the first run that breaks.
// Contract: one seed ⇒ one run, deterministic; the step shape matches
// fast-check-races.ts step for step.
import type { Gen, Ports } from "../../src/engine/ports.js";
import { DEFAULT_CLOCK } from "../../src/sim/clock.js";
import { NO_FAULTS } from "../../src/sim/faults.js";
import { Rng } from "../../src/sim/rng.js";
import { pctStrategy } from "../../src/sim/strategies/pct.js";
import type { Strategy } from "../../src/sim/strategies/strategy.js";
import { World, type WorldOptions } from "../../src/sim/world.js";
import { derivedSeed } from "../../src/harness/seeds.js";
import { stepsPerRun, type RaceShape } from "./race-shape.js";
import type { FirstFailure } from "./fast-check-races.js";

const COUNTER = 0;
const NEWEST = 2; // 0: no newer or uncommitted version of the key; else the writer's id
const COMMITS = 4;
const SCRATCH = 8; // one private word per task from here

/** A small world with no disk: the races need a few words, not the engine's arena. */
const RACE_WORLD: Omit<WorldOptions, "seed"> = {
  stepBudgetMax: 100_000,
  stepUs: 1,
  arena: { words: 64, reservedWords: 64, quarantineWords: 0 },
  clock: DEFAULT_CLOCK,
  faults: NO_FAULTS,
};

function* privateSteps(p: Ports, slot: number, n: number): Gen<void> {
  for (let i = 0; i < n; i++) yield* p.mem.add(SCRATCH + slot, 1, `private ${slot}`);
}

function* incrementThread(p: Ports, slot: number, filler: number, fixed: boolean, lead: number): Gen<void> {
  yield* privateSteps(p, slot, filler + lead);
  if (fixed) {
    yield* p.mem.add(COUNTER, 1, "counter.add");
  } else {
    const v = yield* p.mem.load(COUNTER, "counter.load");
    yield* p.mem.store(COUNTER, v + 1, "counter.store");
  }
  yield* privateSteps(p, slot, filler);
}

/** The TOCTOU: a load, then a store; the fixed writer would claim the word with one cas. */
function* writerThread(p: Ports, slot: number, filler: number, fixed: boolean, lead: number): Gen<void> {
  yield* privateSteps(p, slot, filler + lead);
  if (fixed) {
    if ((yield* p.mem.cas(NEWEST, 0, slot + 1, "ww.check-install")) !== 0) return;
  } else {
    const seen = yield* p.mem.load(NEWEST, "ww.check");
    if (seen !== 0) return; // first-committer-wins: abort
    yield* p.mem.store(NEWEST, slot + 1, "ww.install");
  }
  yield* privateSteps(p, slot, filler);
  yield* p.mem.add(COMMITS, 1, "commit");
}

export type RaceStrategy = "random" | "pct";

/** k when the user sets none and nothing calibrates it: what scenarios without maxSteps used to get. */
export const PCT_UNCALIBRATED_STEPS = 200_000;

/** PCT tuned as a user would: depth 2 (both races need two orderings), k = the run's steps (or `pctMaxSteps`). */
function strategyFor(name: RaceStrategy, shape: RaceShape, seed: bigint, pctMaxSteps?: number): Strategy | undefined {
  if (name === "random") return undefined; // the world's default, on its "scheduler" stream
  return pctStrategy(new Rng(seed).fork("scheduler"), { depth: 2, maxSteps: pctMaxSteps ?? stepsPerRun(shape) });
}

/** One seeded run; true when the race broke its property. */
export function raceBreaks(shape: RaceShape, strategy: RaceStrategy, seed: bigint, pctMaxSteps?: number): boolean {
  const s = strategyFor(strategy, shape, seed, pctMaxSteps);
  const w = new World({ ...RACE_WORLD, seed, ...(s ? { strategy: s } : {}) });
  const pid = w.spawnProcess("race");
  const body = shape.race === "lost-update" ? incrementThread : writerThread;
  for (let slot = 0; slot < shape.tasks; slot++) w.spawnThread(pid, `t${slot}`, (p) => body(p, slot, shape.filler, shape.fixed === true, slot === 0 ? (shape.lead ?? 0) : 0));
  const out = w.run();
  if (out.end !== "done") throw new Error(`race run of seed ${seed} ended ${out.end}`);
  return shape.race === "lost-update" ? w.arena.load(COUNTER) !== shape.tasks : w.arena.load(COMMITS) > 1;
}

/** Runs the seeds derived from `master` until the first broken run, or `maxSeeds`. */
export function mvsimFirstFailure(shape: RaceShape, strategy: RaceStrategy, master: bigint, maxSeeds: number, pctMaxSteps?: number): FirstFailure {
  const t0 = process.hrtime.bigint();
  let runs = 0;
  let found = false;
  while (runs < maxSeeds && !found) found = raceBreaks(shape, strategy, derivedSeed(master, runs++), pctMaxSteps);
  return { runs, found, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}
