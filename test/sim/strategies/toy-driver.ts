// A tiny stand-in for the scheduler, for strategy tests: threads are generators
// that yield the Step they are about to take and perform it when resumed; the
// driver asks the strategy before every step and records the picked tids.
import type { Step } from "../../../src/engine/ports.js";
import type { ExploringStrategy, Strategy, ThreadView } from "../../../src/sim/strategies/strategy.js";

export type ToyThread = Generator<Step, void, unknown>;

/** A program instance: fresh threads and fresh shared state per run. */
export interface ToyProgram {
  readonly threads: readonly ToyThread[];
  /** Final outcome as a comparable string (shared memory and what threads observed). */
  outcome(): string;
}

export interface ToyRun {
  readonly decisions: number[];
  readonly outcome: string;
  /** True if the step budget ran out with threads still runnable. */
  readonly cutOff: boolean;
}

/** Runs one program to completion (or `maxSteps`) under `strategy`; tid = index of the thread. */
export function runToy(strategy: Strategy, program: ToyProgram, maxSteps = 10_000): ToyRun {
  const pending = new Map<number, Step>();
  program.threads.forEach((gen, tid) => {
    const first = gen.next();
    if (!first.done) {
      pending.set(tid, first.value);
      strategy.onSpawn?.(view(tid, first.value));
    }
  });
  const decisions: number[] = [];
  let current: number | null = null;
  while (pending.size > 0) {
    if (decisions.length >= maxSteps) return { decisions, outcome: program.outcome(), cutOff: true };
    const runnable = [...pending.entries()].sort((a, b) => a[0] - b[0]).map(([tid, step]) => view(tid, step));
    const tid = strategy.pick(runnable, { step: decisions.length, current });
    if (!pending.has(tid)) throw new Error(`strategy picked ${tid}, not runnable: ${runnable.map((t) => t.tid)}`);
    decisions.push(tid);
    const next = program.threads[tid]!.next();
    if (next.done) pending.delete(tid);
    else pending.set(tid, next.value);
    current = next.done ? null : tid;
  }
  return { decisions, outcome: program.outcome(), cutOff: false };
}

/** Runs every execution an exploring strategy asks for; `limit` guards against a runaway explorer. */
export function exploreToy(strategy: ExploringStrategy, makeProgram: () => ToyProgram, limit = 100_000): ToyRun[] {
  const runs: ToyRun[] = [];
  while (strategy.beginExecution()) {
    if (runs.length >= limit) throw new Error(`explorer did not stop after ${limit} executions`);
    runs.push(runToy(strategy, makeProgram()));
  }
  return runs;
}

function view(tid: number, pending: Step): ThreadView {
  return { tid, pid: 0, name: `t${tid}`, pending };
}

// --- step builders ---------------------------------------------------------

export const point = (label = "p"): Step => ({ kind: "point", label });
export const spin = (): Step => ({ kind: "spin" });
export const atomic = (op: "load" | "store" | "add" | "cas" | "read" | "write", addr: number): Step => ({
  kind: "atomic",
  op,
  addr,
});

/** A thread of `n` point steps that does nothing else. */
export function* points(n: number): ToyThread {
  for (let i = 0; i < n; i++) yield point(`p${i}`);
}

/** A program of independent point-only threads with the given step counts. */
export function pointsProgram(...counts: number[]): ToyProgram {
  return { threads: counts.map((n) => points(n)), outcome: () => "" };
}
