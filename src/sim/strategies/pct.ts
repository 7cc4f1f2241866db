// PCT, probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010): random
// distinct thread priorities >= depth, depth-1 change points in [1, maxSteps]; the
// highest-priority runnable thread always runs. Finds any bug of depth d among n
// threads and k steps with probability >= 1 / (n * k^(d-1)) per run.
import type { Rng } from "../rng.js";
import type { PickContext, Strategy, ThreadView } from "./strategy.js";

export interface PctOptions {
  /** Bug depth d (number of ordering constraints the bug needs); >= 1. */
  readonly depth: number;
  /** k: an estimate of the number of steps of a run; change points fall in [1, k]. */
  readonly maxSteps: number;
}

export interface PctStrategy extends Strategy {
  /** changePoints[i-1] = c: after step c (1-based count) the thread that took it drops to priority i. */
  readonly changePoints: readonly number[];
  /** Every thread seen so far, runnable or not, from highest to lowest priority (for traces and tests). */
  priorityOrder(): number[];
}

/**
 * Priorities are kept as ranks rather than numbers: `high` holds the threads that
 * still have their initial priority (all >= d), highest last; a demoted thread
 * gets a numeric priority < d. A spawned thread is inserted at a uniformly random
 * rank among `high`, which keeps the initial priorities a uniform permutation
 * however threads arrive.
 */
export function pctStrategy(rng: Rng, options: PctOptions): PctStrategy {
  const { depth, maxSteps } = options;
  if (!Number.isInteger(depth) || depth < 1) throw new Error(`pct: depth must be an integer >= 1, got ${depth}`);
  if (!Number.isInteger(maxSteps) || maxSteps < 1) {
    throw new Error(`pct: maxSteps must be an integer >= 1, got ${maxSteps}`);
  }
  const changePoints = chooseChangePoints(rng, depth - 1, maxSteps);
  // invariant: a tid is in exactly one of `high` and `demoted`; `priorities` mirrors both.
  const high: number[] = []; // initial priorities, lowest first
  const demoted: number[] = []; // demoted tids, in order of first demotion
  // tid -> its priority (depth + index in `high`, or < depth once demoted); NONE: not seen.
  // Higher is better; initial priorities rank above every demoted one. A packed
  // array of small integers, not a Map: read for every runnable thread at every pick.
  // A spin demotion's priority goes negative, so NONE is not a number a priority can be.
  const priorities: number[] = [];
  let spinFloor = 0; // spin demotions go below every change-point priority (1..d-1)
  let lastPicked: number | null = null;

  const reindex = (from: number): void => {
    for (let i = from; i < high.length; i++) priorities[high[i]!] = depth + i;
  };
  const known = (tid: number): boolean => tid < priorities.length && priorities[tid] !== NONE;
  const spawn = (tid: number): void => {
    if (known(tid)) return;
    while (priorities.length <= tid) priorities.push(NONE);
    const at = rng.int(high.length + 1);
    high.splice(at, 0, tid);
    reindex(at);
  };
  const demote = (tid: number, priority: number): void => {
    const p = known(tid) ? priorities[tid]! : NONE;
    if (p >= depth) {
      const i = p - depth;
      high.splice(i, 1);
      reindex(i);
    }
    if (p === NONE || p >= depth) demoted.push(tid);
    while (priorities.length <= tid) priorities.push(NONE);
    priorities[tid] = priority;
  };
  const priority = (tid: number): number => priorities[tid]!;
  const highest = (threads: readonly ThreadView[]): ThreadView => {
    let best = threads[0]!;
    let bestPriority = priority(best.tid);
    for (const t of threads) {
      const p = priority(t.tid);
      if (p > bestPriority) {
        best = t;
        bestPriority = p;
      }
    }
    return best;
  };

  return {
    name: "pct",
    changePoints,
    priorityOrder(): number[] {
      const all = [...high, ...demoted];
      return all.sort((a, b) => priority(b) - priority(a));
    },
    onSpawn(thread: ThreadView): void {
      spawn(thread.tid);
    },
    pick(runnable: readonly ThreadView[], ctx: PickContext): number {
      // Threads the scheduler did not announce are spawned in tid order: deterministic.
      for (const t of runnable) spawn(t.tid);
      // After change point i (i = 1..d-1) the thread that ran that step drops to priority i.
      const i = changePoints.indexOf(ctx.step);
      const ran = ctx.current ?? lastPicked;
      if (i >= 0 && ran !== null && known(ran)) demote(ran, i + 1);
      // A spinning thread waits for another: demote it below all others so the one
      // it waits for can run. Each candidate is demoted at most once per pick, so
      // when everyone spins the demotions rotate them round-robin.
      let candidates = runnable;
      let chosen = highest(candidates);
      while (chosen.pending.kind === "spin" && candidates.length > 1) {
        demote(chosen.tid, --spinFloor);
        candidates = candidates.filter((t) => t.tid !== chosen.tid);
        chosen = highest(candidates);
      }
      lastPicked = chosen.tid;
      return chosen.tid;
    },
  };
}

/** Marks a tid PCT has not seen in `priorities` (every real priority is far from it). */
const NONE = -0x40000000;

/** `count` distinct step counts uniform in [1, maxSteps] (fewer if maxSteps < count). */
function chooseChangePoints(rng: Rng, count: number, maxSteps: number): number[] {
  const points: number[] = [];
  while (points.length < Math.min(count, maxSteps)) {
    const p = rng.range(1, maxSteps);
    if (!points.includes(p)) points.push(p);
  }
  return points;
}
