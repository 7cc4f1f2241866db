// The scheduler: runs virtual threads (generators) one step at a time, asking a
// strategy which runnable thread goes next, and records every decision.
// Contract:
// - A thread's code before its first yield runs at spawn (local work only).
//   Each step resumes one thread: its pending step is performed, then its code
//   runs to the next yield. Steps are numbered from 0; `decisions[i]` is the tid
//   that took step i.
// - A thread whose pending step is `block` is runnable only when `on.ready()`
//   or its deadline has passed. If nothing is runnable, time jumps to the
//   earliest deadline; with no deadline either, the run ends in `deadlock`.
// - The run ends when every non-daemon thread has finished ("done"), on the
//   first violation, when the step budget runs out ("step-budget", verdict
//   unknown) or when simulated time passes `timeLimitUs` ("time-limit").
import type { Step } from "../engine/ports.js";
import type { SimClock } from "./clock.js";
import type { Strategy, ThreadView } from "./strategies/strategy.js";
import type { Violation } from "../history/verdict.js";

export type ThreadBody = Generator<Step, unknown, unknown>;

export type ThreadState = "live" | "done" | "dead";

export interface SimThread extends ThreadView {
  readonly daemon: boolean;
  state: ThreadState;
  pending: Step;
  /** Steps this thread has taken. */
  steps: number;
  result?: unknown;
}

interface InternalThread extends SimThread {
  gen: ThreadBody;
}

export type RunEnd = "done" | "deadlock" | "violation" | "step-budget" | "time-limit";

export interface SchedulerOptions {
  readonly strategy: Strategy;
  /** Steps at most; then the run ends with verdict unknown. */
  readonly stepBudgetMax: number;
  /** Simulated microseconds each step takes. */
  readonly stepUs: number;
  /** Simulated time at which the run ends (the liveness checkers then judge). */
  readonly timeLimitUs?: number;
}

/** Hooks the world plugs in; the scheduler knows nothing of faults or history. */
export interface SchedulerHooks {
  /** Before thread `t` takes step `step`; returns false if a fault stopped it. */
  beforeStep?(t: SimThread, step: number): boolean;
  /** A thread threw: returns the violation to end the run with, if any. */
  onThreadError?(t: SimThread, error: unknown, step: number): Violation | undefined;
  /** After each step: a violation noticed during it (e.g. a swallowed bad access). */
  afterStep?(t: SimThread, step: number): Violation | undefined;
  /** Each decision, for the trace hash and step traces. */
  onDecision?(t: SimThread, step: number): void;
  /**
   * True when, for now, beforeStep would return true and do nothing and
   * afterStep would return undefined: a thread's step may then be taken
   * without suspending it (`stepInline`). Absent: never.
   */
  quiet?(): boolean;
}

export interface SchedulerOutcome {
  readonly end: RunEnd;
  readonly steps: number;
  readonly violation?: Violation;
}

const INITIAL_DECISIONS = 64;

export class Scheduler {
  private readonly threads: InternalThread[] = [];
  private live: InternalThread[] = [];
  private liveNonDaemon = 0;
  private decisionBuf = new Int32Array(INITIAL_DECISIONS);
  private stepCount = 0;
  private running: InternalThread | null = null;
  private lastTid: number | null = null;
  private hooks: SchedulerHooks = {};
  /** True while the run loop resumes a thread (not while spawning one). */
  private inStep = false;
  /** A strategy that picked a thread no one could run during `stepInline`: thrown by `run`. */
  private strategyError: Error | null = null;
  private readonly runnable: InternalThread[] = [];
  // One context object for every pick: strategies read it during pick and keep nothing of it.
  private readonly ctx: { step: number; current: number | null } = { step: 0, current: null };

  constructor(
    private readonly options: SchedulerOptions,
    private readonly clock: SimClock,
  ) {}

  setHooks(hooks: SchedulerHooks): void {
    this.hooks = hooks;
  }

  /** The thread taking the current step (or being spawned), if any. */
  get current(): SimThread | null {
    return this.running;
  }

  get step(): number {
    return this.stepCount;
  }

  /** Decisions so far: the tid that took each step. */
  decisions(): number[] {
    // A plain loop: Array.from over a typed array is several times slower.
    const n = this.stepCount;
    const buf = this.decisionBuf;
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = buf[i]!;
    return out;
  }

  thread(tid: number): SimThread | undefined {
    return this.threads[tid];
  }

  allThreads(): readonly SimThread[] {
    return this.threads;
  }

  /**
   * Creates a thread and runs its code to its first yield. Returns its tid.
   * A body that throws before its first yield is reported like any thread error.
   */
  spawn(pid: number, name: string, makeBody: (tid: number) => ThreadBody, daemon = false): number {
    const tid = this.threads.length;
    const t: InternalThread = {
      tid,
      pid,
      name,
      daemon,
      state: "live",
      pending: { kind: "point", label: "start" },
      steps: 0,
      gen: makeBody(tid),
    };
    this.threads.push(t);
    const outer = this.running;
    this.running = t;
    try {
      const r = t.gen.next();
      if (r.done) {
        t.state = "done";
        t.result = r.value;
      } else {
        t.pending = r.value;
        this.live.push(t);
        if (!daemon) this.liveNonDaemon++;
      }
    } finally {
      this.running = outer;
    }
    this.options.strategy.onSpawn?.(t);
    return tid;
  }

  /** Stops every live thread of `pid` between two steps (no finally blocks run). */
  killProcess(pid: number): number[] {
    const killed: number[] = [];
    for (const t of this.live) {
      if (t.pid === pid) {
        t.state = "dead";
        killed.push(t.tid);
      }
    }
    if (killed.length > 0) this.dropDeparted();
    return killed;
  }

  private isRunnable(t: InternalThread, now: number): boolean {
    const p = t.pending;
    if (p.kind !== "block") return true;
    if (p.on.ready()) return true;
    const d = p.on.deadlineUs;
    return d !== undefined && now >= d;
  }

  /** Runs until the run ends. */
  run(): SchedulerOutcome {
    const strategy = this.options.strategy;
    const { stepBudgetMax, stepUs, timeLimitUs: limit } = this.options;
    const runnable = this.runnable;
    const ctx = this.ctx;
    for (;;) {
      // End: every non-daemon thread finished.
      if (this.liveNonDaemon === 0) return { end: "done", steps: this.stepCount };
      if (this.stepCount >= stepBudgetMax) return { end: "step-budget", steps: this.stepCount };
      const now = this.clock.monotonicUs();
      if (limit !== undefined && now >= limit) return { end: "time-limit", steps: this.stepCount };

      // Overwritten in place: `length = 0` drops the backing store, and the
      // pushes then allocated a new one every step (150 bytes a step, 60% of a bare loop's time).
      const live = this.live;
      let n = 0;
      for (let i = 0; i < live.length; i++) {
        const t = live[i]!;
        if (this.isRunnable(t, now)) runnable[n++] = t;
      }
      if (runnable.length !== n) runnable.length = n;
      if (n === 0) {
        const next = this.earliestDeadline();
        if (next === undefined) return { end: "deadlock", steps: this.stepCount, violation: this.deadlock() };
        this.clock.advanceTo(next);
        continue;
      }
      // invariant: `live` is in tid order (threads are appended, removal keeps order), so `runnable` is too.

      const current = this.lastTid !== null && this.threads[this.lastTid]!.state === "live" ? this.lastTid : null;
      ctx.step = this.stepCount;
      ctx.current = current;
      const tid = strategy.pick(runnable, ctx);
      const t = this.threads[tid];
      if (!t || t.state !== "live" || !runnable.includes(t)) throw this.notRunnable(tid);
      const step = this.stepCount;
      this.record(tid);
      this.hooks.onDecision?.(t, step);
      this.lastTid = tid;
      this.clock.advance(stepUs);
      if (this.hooks.beforeStep && !this.hooks.beforeStep(t, step)) continue;

      this.running = t;
      this.inStep = true;
      t.steps++;
      let violation: Violation | undefined;
      try {
        // The thread may take further steps inline (stepInline) before it yields.
        const r = t.gen.next();
        if (t.state !== "live") {
          // Its own step crashed its process: it is already off the live list.
        } else if (r.done) {
          t.state = "done";
          t.result = r.value;
          this.dropDeparted();
        } else {
          t.pending = r.value;
        }
      } catch (e) {
        if (t.state === "live") {
          t.state = "dead";
          this.dropDeparted();
        }
        // The step it threw in: the last one taken, inline or not.
        violation = this.hooks.onThreadError?.(t, e, this.stepCount - 1);
      } finally {
        this.running = null;
        this.inStep = false;
      }
      if (this.strategyError) throw this.strategyError;
      violation ??= this.hooks.afterStep?.(t, this.stepCount - 1);
      if (violation) return { end: "violation", steps: this.stepCount, violation };
    }
  }

  /**
   * Takes the running thread's next step, `step`, at once instead of letting
   * it suspend, when the loop would surely do exactly that: the thread is the
   * only live one, the run goes on, the hooks are quiet and the step is
   * atomic (always runnable). The strategy still picks (same draws), the
   * decision, trace hash and clock move as in the loop. Saves suspending and
   * resuming every generator frame between the thread and the memory port.
   * Returns false when the thread must yield `step` to the loop instead.
   */
  stepInline(step: Step): boolean {
    const t = this.running;
    if (!this.inStep || t === null || this.live.length !== 1 || this.live[0] !== t || t.state !== "live") return false;
    if (step.kind !== "atomic" || this.liveNonDaemon === 0 || this.stepCount >= this.options.stepBudgetMax) return false;
    const limit = this.options.timeLimitUs;
    if (limit !== undefined && this.clock.monotonicUs() >= limit) return false;
    const hooks = this.hooks;
    if (hooks.quiet === undefined || !hooks.quiet()) return false;
    // As after its yield: the loop would set it pending, find it the only runnable, and pick.
    t.pending = step;
    const runnable = this.runnable;
    runnable[0] = t;
    if (runnable.length !== 1) runnable.length = 1;
    const ctx = this.ctx;
    ctx.step = this.stepCount;
    ctx.current = t.tid; // lastTid: it took the step before this one
    const tid = this.options.strategy.pick(runnable, ctx);
    if (tid !== t.tid) {
      // The loop would have thrown; throw from run, not into the thread's code.
      this.strategyError = this.notRunnable(tid);
      return false;
    }
    const s = this.stepCount;
    this.record(tid);
    hooks.onDecision?.(t, s);
    this.lastTid = tid;
    this.clock.advance(this.options.stepUs);
    t.steps++;
    return true;
  }

  private notRunnable(tid: number): Error {
    return new Error(`strategy ${this.options.strategy.name} picked thread ${tid}, which is not runnable`);
  }

  /** Removes threads that are no longer live, keeping tid order. */
  private dropDeparted(): void {
    this.live = this.live.filter((t) => t.state === "live");
    this.liveNonDaemon = 0;
    for (const t of this.live) if (!t.daemon) this.liveNonDaemon++;
  }

  private record(tid: number): void {
    if (this.stepCount === this.decisionBuf.length) {
      const bigger = new Int32Array(this.decisionBuf.length * 2);
      bigger.set(this.decisionBuf);
      this.decisionBuf = bigger;
    }
    this.decisionBuf[this.stepCount++] = tid;
  }

  private earliestDeadline(): number | undefined {
    let best: number | undefined;
    for (const t of this.live) {
      const p = t.pending;
      if (p.kind === "block" && p.on.deadlineUs !== undefined && (best === undefined || p.on.deadlineUs < best)) {
        best = p.on.deadlineUs;
      }
    }
    return best;
  }

  private deadlock(): Violation {
    const waits = this.live.map((t) => ({
      tid: t.tid,
      pid: t.pid,
      name: t.name,
      waitsFor: t.pending.kind === "block" ? t.pending.on.name : t.pending.kind,
    }));
    return {
      kind: "deadlock",
      property: "liveness",
      step: this.stepCount,
      stepKind: "scheduler-step",
      threads: waits.map((w) => w.tid),
      actorKind: "thread",
      evidence: { waits },
      explanation:
        "Every live thread is blocked and none has a deadline: " +
        waits.map((w) => `thread ${w.tid} (${w.name}, pid ${w.pid}) waits for ${w.waitsFor}`).join("; ") +
        ".",
    };
  }
}
