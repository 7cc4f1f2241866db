// The write-write TOCTOU in the real engine: two processes each open the
// engine, meet at a barrier, begin a snapshot txn, put the same key and commit, with the
// `ww-check-toctou` switch on or off. A run breaks first-committer-wins when
// both txns commit although neither's snapshot saw the other's commit.
// Contract: one seed ⇒ one run, deterministic; ConflictError is a legal abort.
import { Engine, openEngine } from "../../src/engine/engine.js";
import { ConflictError, TxnStateError } from "../../src/engine/errors.js";
import type { BugName } from "../../src/engine/bugs.js";
import type { Gen, Ports } from "../../src/engine/ports.js";
import { DEFAULT_CLOCK } from "../../src/sim/clock.js";
import { NO_FAULTS } from "../../src/sim/faults.js";
import { Rng } from "../../src/sim/rng.js";
import { pctStrategy } from "../../src/sim/strategies/pct.js";
import { World, type WorldOptions } from "../../src/sim/world.js";
import { derivedSeed } from "../../src/harness/seeds.js";
import type { FirstFailure } from "./fast-check-races.js";
import type { RaceStrategy } from "./mvsim-races.js";

const ENGINE_WORLD: Omit<WorldOptions, "seed"> = {
  stepBudgetMax: 200_000,
  stepUs: 1,
  arena: { words: 1 << 16, reservedWords: 64, quarantineWords: 1 << 12 },
  clock: DEFAULT_CLOCK,
  faults: NO_FAULTS,
};
/** PCT's k: the steps of one run (open, one write txn each: about 300). */
const PCT_STEPS = 300;

export interface EngineRace {
  /** The `ww-check-toctou` switch; off, the run is the near-twin that must never break. */
  readonly bug: boolean;
  readonly strategy: RaceStrategy;
  /** Writers meet after opening; without it the second opener starts far behind. */
  readonly barrier: boolean;
}

interface Outcome {
  opened: boolean;
  start: number;
  commit?: number;
}

/**
 * Waits until every writer has opened the engine: the first opener initialises
 * the arena while the other waits, so without this the race starts lopsided.
 */
function* barrier(outs: readonly Outcome[]): Gen<void> {
  yield { kind: "block", on: { name: "all writers opened", ready: () => outs.every((o) => o.opened) }, label: "barrier" };
}

function* writer(p: Ports, race: EngineRace, value: string, out: Outcome, outs: readonly Outcome[]): Gen<void> {
  const bugs = new Set<BugName>(race.bug ? ["ww-check-toctou"] : []);
  const engine: Engine = yield* openEngine(p, { bugs, gcEveryCommits: 0 });
  out.opened = true;
  if (race.barrier) yield* barrier(outs);
  const txn = yield* engine.begin(p);
  out.start = txn.startTs;
  try {
    yield* txn.put(p, "k", value);
    out.commit = yield* txn.commit(p);
  } catch (e) {
    if (!(e instanceof ConflictError || e instanceof TxnStateError)) throw e;
    if (txn.state === "active" || txn.state === "doomed") yield* txn.abort(p);
  }
}

/** One seeded run; true when both writers committed over each other's snapshot. */
export function engineRaceBreaks(race: EngineRace, seed: bigint): boolean {
  const s = race.strategy === "pct" ? pctStrategy(new Rng(seed).fork("scheduler"), { depth: 2, maxSteps: PCT_STEPS }) : undefined;
  const w = new World({ ...ENGINE_WORLD, seed, ...(s ? { strategy: s } : {}) });
  const outs: Outcome[] = [{ opened: false, start: 0 }, { opened: false, start: 0 }];
  outs.forEach((out, i) => {
    const pid = w.spawnProcess(`writer${i}`);
    w.spawnThread(pid, `w${i}`, (p) => writer(p, race, `v${i}`, out, outs));
  });
  const run = w.run();
  if (run.end !== "done") {
    throw new Error(`engine race, seed ${seed}: run ended ${run.end}${run.violations[0] ? `: ${run.violations[0].explanation}` : ""}`);
  }
  const [a, b] = outs as [Outcome, Outcome];
  return a.commit !== undefined && b.commit !== undefined && a.start < b.commit && b.start < a.commit;
}

/** Seeds derived from `master` until the first broken run, or `maxSeeds`. */
export function engineFirstFailure(race: EngineRace, master: bigint, maxSeeds: number): FirstFailure {
  const t0 = process.hrtime.bigint();
  let runs = 0;
  let found = false;
  while (runs < maxSeeds && !found) found = engineRaceBreaks(race, derivedSeed(master, runs++));
  return { runs, found, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}
