// Exhaustive DFS over interleavings by re-execution (stateless model checking):
// each run replays the current prefix, then takes the first unexplored choice;
// beginExecution() backtracks and returns false once the tree is exhausted.
// Options: a preemption bound, and sleep sets (partial-order reduction, off by
// default: sound for outcomes that depend only on shared memory and per-thread
// state, NOT for observations of the global order of thread-local effects, such
// as the real-time order of history events, clock readings or the trace hash —
// two orders of commuting steps differ there and only one of them is run).
import type { PickContext, ExploringStrategy, ThreadView } from "./strategy.js";
import { independent, stepShape, type StepShape } from "./step-independence.js";

export interface DfsOptions {
  /** Max preemptions (switching away from a still-runnable current thread) per run. */
  readonly preemptionBound?: number;
  /** Sleep-set reduction; default false. Cannot be combined with a preemption bound. */
  readonly sleepSets?: boolean;
}

export interface DfsStrategy extends ExploringStrategy {
  /** Runs started so far (including the current one). */
  readonly executions: number;
  /** True once beginExecution() has returned false. */
  readonly exhausted: boolean;
  /** Runs that reached a state where every runnable thread was asleep (redundant runs). */
  readonly sleepBlocked: number;
  /**
   * The current run hit a sleep-blocked point: every continuation from there is
   * covered by another run, so its outcome need not be checked (the run must still
   * finish, as a strategy cannot abort it).
   */
  readonly redundantRun: boolean;
}

/** The program did not behave the same way twice under the same decisions. */
export class DfsNondeterminism extends Error {
  override readonly name = "DfsNondeterminism";
}

interface SleepEntry {
  readonly tid: number;
  readonly step: StepShape;
}

/** One scheduling point of the current path. */
interface Frame {
  readonly runnable: readonly number[];
  readonly steps: ReadonlyMap<number, StepShape>;
  readonly current: number | null;
  /** Preemptions taken by the path before this point. */
  readonly preemptionsBefore: number;
  /** Allowed choices, in tid order; explored left to right. */
  readonly choices: readonly number[];
  /** Index into `choices` of the choice this path takes. */
  next: number;
  /** Sleep set inherited from the parent (threads whose next step need not be tried here). */
  readonly sleep: readonly SleepEntry[];
  /** A sleep-blocked point or one below it: one arbitrary choice, no branching. */
  readonly redundant: boolean;
}

export function dfsStrategy(options: DfsOptions = {}): DfsStrategy {
  const bound = options.preemptionBound;
  const useSleep = options.sleepSets ?? false;
  if (bound !== undefined && (!Number.isInteger(bound) || bound < 0)) {
    throw new Error(`dfs: preemptionBound must be an integer >= 0, got ${bound}`);
  }
  if (bound !== undefined && useSleep) {
    // Pruning by sleep sets may drop the only schedule within the bound
    // (Coons, Musuvathi, McKinley, "Bounded partial-order reduction", OOPSLA 2013).
    throw new Error("dfs: sleepSets cannot be combined with preemptionBound (the pair is unsound); pick one");
  }

  // invariant: stack[0..position) is the part of the path replayed in this run.
  const stack: Frame[] = [];
  let position = 0;
  let started = false;
  let exhausted = false;
  let executions = 0;
  let sleepBlocked = 0;
  let blockedThisRun = false;

  const chosen = (f: Frame): number => f.choices[f.next]!;
  const isPreemption = (current: number | null, runnable: readonly number[], tid: number): boolean =>
    current !== null && tid !== current && runnable.includes(current);

  /** Sleep set a child inherits when `f` takes its current choice. */
  const childSleep = (f: Frame): SleepEntry[] => {
    if (!useSleep || f.redundant) return [];
    const tid = chosen(f);
    const ran = f.steps.get(tid)!;
    // Siblings explored before this choice join the sleep set (classic sleep sets).
    const explored = f.choices.slice(0, f.next).map((t) => ({ tid: t, step: f.steps.get(t)! }));
    return [...f.sleep, ...explored].filter((e) => e.tid !== tid && independent(e.step, ran));
  };

  const newFrame = (runnable: readonly ThreadView[], ctx: PickContext): Frame => {
    const tids = runnable.map((t) => t.tid);
    const steps = new Map(runnable.map((t) => [t.tid, stepShape(t.pending)] as const));
    const parent = stack[stack.length - 1];
    const preemptionsBefore =
      parent === undefined ? 0 : parent.preemptionsBefore + (isPreemption(parent.current, parent.runnable, chosen(parent)) ? 1 : 0);
    const sleep = parent === undefined ? [] : childSleep(parent);
    let choices = tids.filter(
      (tid) =>
        !sleep.some((e) => e.tid === tid) &&
        (bound === undefined || preemptionsBefore + (isPreemption(ctx.current, tids, tid) ? 1 : 0) <= bound),
    );
    const redundant = (parent?.redundant ?? false) || choices.length === 0;
    if (redundant) {
      // Nothing new below here: finish the run on one fixed, non-preemptive path.
      if (!blockedThisRun) sleepBlocked++;
      blockedThisRun = true;
      const stay = ctx.current !== null && tids.includes(ctx.current);
      choices = [stay ? ctx.current! : tids[0]!];
    }
    return { runnable: tids, steps, current: ctx.current, preemptionsBefore, choices, next: 0, sleep, redundant };
  };

  return {
    name: "dfs",
    get executions() {
      return executions;
    },
    get exhausted() {
      return exhausted;
    },
    get sleepBlocked() {
      return sleepBlocked;
    },
    get redundantRun() {
      return blockedThisRun;
    },
    beginExecution(): boolean {
      if (exhausted) return false;
      if (started) {
        if (position < stack.length) {
          throw new DfsNondeterminism(
            `dfs: the last run ended after ${position} steps, but the same decisions ran ${stack.length} steps before; ` +
              `the program is not deterministic`,
          );
        }
        // Backtrack: drop exhausted points from the end, advance the deepest open one.
        while (stack.length > 0 && stack[stack.length - 1]!.next + 1 >= stack[stack.length - 1]!.choices.length) {
          stack.pop();
        }
        if (stack.length === 0) {
          exhausted = true;
          return false;
        }
        stack[stack.length - 1]!.next++;
      }
      started = true;
      executions++;
      position = 0;
      blockedThisRun = false;
      return true;
    },
    pick(runnable: readonly ThreadView[], ctx: PickContext): number {
      if (!started) throw new Error("dfs: call beginExecution() before the first pick");
      if (position < stack.length) {
        const f = stack[position]!;
        const tids = runnable.map((t) => t.tid);
        const same =
          tids.length === f.runnable.length &&
          runnable.every((t, i) => t.tid === f.runnable[i] && sameShape(stepShape(t.pending), f.steps.get(t.tid)!));
        if (!same) {
          throw new DfsNondeterminism(
            `dfs: at step ${ctx.step} the runnable threads or their next steps differ from an earlier run ` +
              `with the same decisions (now [${tids.join(", ")}], then [${f.runnable.join(", ")}]); ` +
              `the program is not deterministic`,
          );
        }
        if (f.redundant) blockedThisRun = true;
        position++;
        return chosen(f);
      }
      const f = newFrame(runnable, ctx);
      stack.push(f);
      position++;
      return chosen(f);
    },
  };
}

function sameShape(a: StepShape, b: StepShape): boolean {
  return a.kind === b.kind && a.op === b.op && a.addr === b.addr && a.wide === b.wide;
}
