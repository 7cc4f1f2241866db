// The two races as ordinary async code under fast-check's `fc.scheduler()`:
// a counter updated by `get` then `set`, and a versioned map whose writer runs
// an async conflict check, then installs its version in a second call.
// Contract: every shared access is preceded by one scheduler point (an awaited
// `s.schedule`), the same "yield before the access" rule as mvsim's ports, so
// both tools choose among the same interleavings.
import fc from "fast-check";
import type { RaceShape } from "./race-shape.js";

type Point = (label: string) => Promise<unknown>;

/** Shared state of one run: a counter, a key's newest-writer word, commits, private words. */
interface Store {
  counter: number;
  newest: number; // 0: no newer or uncommitted version of the key; else the writer's id
  commits: number;
  readonly scratch: number[];
}

/** A tiny async store; each call waits for the scheduler before touching state. */
function asyncStore(point: Point, tasks: number) {
  const st: Store = { counter: 0, newest: 0, commits: 0, scratch: new Array<number>(tasks).fill(0) };
  return {
    st,
    async touchPrivate(slot: number): Promise<void> {
      await point(`private ${slot}`);
      st.scratch[slot]!++;
    },
    async get(): Promise<number> {
      await point("counter.get");
      return st.counter;
    },
    async set(v: number): Promise<void> {
      await point("counter.set");
      st.counter = v;
    },
    /** The fixed increment: read and write under one scheduler point. */
    async increment(): Promise<void> {
      await point("counter.increment");
      st.counter++;
    },
    /** The conflict check: is there a newer or uncommitted version of the key? */
    async checkConflict(): Promise<boolean> {
      await point("ww.check");
      return st.newest !== 0;
    },
    async install(writer: number): Promise<void> {
      await point("ww.install");
      st.newest = writer;
    },
    /** The fixed writer: check and install under one scheduler point (a cas). */
    async checkAndInstall(writer: number): Promise<boolean> {
      await point("ww.check-install");
      if (st.newest !== 0) return false;
      st.newest = writer;
      return true;
    },
    async commit(): Promise<void> {
      await point("commit");
      st.commits++;
    },
  };
}

type AsyncStore = ReturnType<typeof asyncStore>;

async function privateSteps(db: AsyncStore, slot: number, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await db.touchPrivate(slot);
}

async function incrementTask(db: AsyncStore, slot: number, filler: number, fixed: boolean, lead: number): Promise<void> {
  await privateSteps(db, slot, filler + lead);
  if (fixed) await db.increment();
  else await db.set((await db.get()) + 1);
  await privateSteps(db, slot, filler);
}

/** The TOCTOU: check, then install in a second step; a fixed writer would do both at once. */
async function writerTask(db: AsyncStore, slot: number, filler: number, fixed: boolean, lead: number): Promise<void> {
  await privateSteps(db, slot, filler + lead);
  if (fixed) {
    if (!(await db.checkAndInstall(slot + 1))) return;
  } else {
    if (await db.checkConflict()) return; // first-committer-wins: abort
    await db.install(slot + 1);
  }
  await privateSteps(db, slot, filler);
  await db.commit();
}

/** The property fast-check searches: no update lost, at most one writer commits. */
export function raceProperty(shape: RaceShape): fc.IAsyncPropertyWithHooks<[fc.Scheduler]> {
  return fc.asyncProperty(fc.scheduler(), async (s) => {
    const db = asyncStore((label) => s.schedule(Promise.resolve(label), label), shape.tasks);
    const body = shape.race === "lost-update" ? incrementTask : writerTask;
    const running = Promise.all(Array.from({ length: shape.tasks }, (_, slot) => body(db, slot, shape.filler, shape.fixed === true, slot === 0 ? (shape.lead ?? 0) : 0)));
    await s.waitIdle();
    await running;
    return shape.race === "lost-update" ? db.st.counter === shape.tasks : db.st.commits <= 1;
  });
}

export interface FirstFailure {
  /** Runs until the first failing one, inclusive; the budget if none failed. */
  readonly runs: number;
  readonly found: boolean;
  readonly ms: number;
}

/** Runs the property from `seed` until its first failure (no shrinking), or `maxRuns`. */
export async function fastCheckFirstFailure(shape: RaceShape, seed: number, maxRuns: number): Promise<FirstFailure> {
  const t0 = process.hrtime.bigint();
  const details = await fc.check(raceProperty(shape), { seed, numRuns: maxRuns, endOnFailure: true });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { runs: details.numRuns, found: details.failed, ms };
}
