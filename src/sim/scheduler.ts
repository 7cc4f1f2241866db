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
import { InternalThread, neverReady, type SimThread, type ThreadBody } from "./sim-thread.js";
import type { SimClock } from "./clock.js";
import type { Strategy, ThreadView } from "./strategies/strategy.js";
import type { Violation } from "../history/verdict.js";

export { neverReady, type SimThread, type ThreadBody, type ThreadState } from "./sim-thread.js";

export type RunEnd = "done" | "deadlock" | "violation" | "step-budget" | "time-limit";

export interface SchedulerOptions {
  readonly strategy: Strategy;
  /** Steps at most; then the run ends with verdict unknown. */
  readonly stepBudgetMax: number;
  /** Simulated microseconds each step takes. */
  readonly stepUs: number;
  /** Simulated time at which the run ends (the liveness checkers then judge). */
  readonly timeLimitUs?: number;
  /** false: never take a step inline (`stepInline` always answers false). Default true. */
  readonly stepInline?: boolean;
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
   * True when afterStep would now return undefined and do nothing: a thread's
   * next step may then be taken without suspending it (`stepInline`), which
   * calls beforeStep itself, as the loop does. Absent: never.
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
  /** The thread the loop resumed for the current step (steps inline are its own only). */
  private stepper: InternalThread | null = null;
  /** A pick stepInline made for the next step and left to the loop (-1: none): the loop takes it as its own. */
  private handoff = -1;
  /** stepInline set the yielding thread's pending step itself (a pause may have replaced it): the loop keeps it. */
  private pendingSet = false;
  /** stepInline took a decision whose step a fault stopped: as in the loop, no afterStep, back to the top. */
  private faultStopped = false;
  /** A strategy that picked a thread no one could run during `stepInline`: thrown by `run`. */
  private strategyError: Error | null = null;
  private readonly runnable: InternalThread[] = [];
  // One context object for every pick: strategies read it during pick and keep nothing of it.
  private readonly ctx: { step: number; current: number | null } = { step: 0, current: null };

  // The options stepInline reads at every step, as plain fields.
  private readonly strategy: Strategy;
  private readonly stepBudgetMax: number;
  private readonly stepUs: number;
  private readonly timeLimitUs: number | undefined;
  private readonly inlineOn: boolean;

  constructor(
    private readonly options: SchedulerOptions,
    private readonly clock: SimClock,
  ) {
    this.strategy = options.strategy;
    this.stepBudgetMax = options.stepBudgetMax;
    this.stepUs = options.stepUs;
    this.timeLimitUs = options.timeLimitUs;
    this.inlineOn = options.stepInline !== false;
  }

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
    const t = new InternalThread(tid, pid, name, daemon);
    t.gen = makeBody(tid);
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
    const on = t.blockedOn;
    if (on === null) return true;
    if (t.sleeps) return now >= t.wakeUs;
    if (on.ready()) return true;
    const d = on.deadlineUs;
    return d !== undefined && now >= d;
  }

  /**
   * Fills `runnable` with the live threads that may step at `now`, in tid
   * order (`live` is in tid order: threads are appended, removal keeps order).
   * Returns how many. Overwritten in place: `length = 0` drops the backing
   * store, and the pushes then allocated a new one every step (150 bytes a
   * step, 60% of a bare loop's time).
   */
  private collectRunnable(now: number): number {
    const runnable = this.runnable;
    const live = this.live;
    let n = 0;
    for (let i = 0; i < live.length; i++) {
      const t = live[i]!;
      if (this.isRunnable(t, now)) runnable[n++] = t;
    }
    if (runnable.length !== n) runnable.length = n;
    return n;
  }

  /** Runs until the run ends. */
  run(): SchedulerOutcome {
    const strategy = this.options.strategy;
    const { stepBudgetMax, stepUs, timeLimitUs: limit } = this.options;
    const runnable = this.runnable;
    const ctx = this.ctx;
    for (;;) {
      let tid: number;
      if (this.handoff >= 0) {
        // stepInline already passed the checks below and picked, on this very state.
        tid = this.handoff;
        this.handoff = -1;
      } else {
        // End: every non-daemon thread finished.
        if (this.liveNonDaemon === 0) return { end: "done", steps: this.stepCount };
        if (this.stepCount >= stepBudgetMax) return { end: "step-budget", steps: this.stepCount };
        const now = this.clock.monotonicUs();
        if (limit !== undefined && now >= limit) return { end: "time-limit", steps: this.stepCount };

        if (this.collectRunnable(now) === 0) {
          const next = this.earliestDeadline();
          if (next === undefined) return { end: "deadlock", steps: this.stepCount, violation: this.deadlock() };
          this.clock.advanceTo(next);
          continue;
        }

        const current = this.lastTid !== null && this.threads[this.lastTid]!.state === "live" ? this.lastTid : null;
        ctx.step = this.stepCount;
        ctx.current = current;
        tid = strategy.pick(runnable, ctx);
      }
      const t = this.threads[tid];
      if (!t || t.state !== "live" || !runnable.includes(t)) throw this.notRunnable(tid);
      const step = this.stepCount;
      this.record(tid);
      this.hooks.onDecision?.(t, step);
      this.lastTid = tid;
      this.clock.advance(stepUs);
      if (this.hooks.beforeStep && !this.hooks.beforeStep(t, step)) continue;

      this.running = t;
      this.stepper = t;
      this.inStep = true;
      t.steps++;
      let violation: Violation | undefined;
      try {
        // The thread may take further steps inline (stepInline) before it yields.
        const r = t.gen.next();
        if (t.state !== "live") {
          // Its own step (or a fault before a step it took inline) stopped its process: it is already off the live list.
        } else if (r.done) {
          t.state = "done";
          t.result = r.value;
          this.dropDeparted();
        } else if (this.pendingSet) {
          // stepInline set it (r.value), or a pause since replaced it.
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
        this.stepper = null;
        this.inStep = false;
        this.pendingSet = false;
      }
      if (this.strategyError) throw this.strategyError;
      if (this.faultStopped) {
        // The loop after a beforeStep that returned false: straight to the next step.
        this.faultStopped = false;
        continue;
      }
      violation ??= this.hooks.afterStep?.(t, this.stepCount - 1);
      if (violation) return { end: "violation", steps: this.stepCount, violation };
    }
  }

  /**
   * Called by the running thread where it would yield `step`: does at once
   * what the loop would do after that yield, up to the point of resuming a
   * thread. The checks at the top of the loop, the runnable set, the
   * strategy's pick (the same draws, in the same order), the decision, trace
   * hash and clock, and beforeStep all happen here, on the state the loop
   * would see. If the strategy picks this thread again and no fault stops it,
   * the step is taken without suspending and resuming every generator frame
   * between the thread and the memory port: returns true. Otherwise returns
   * false, the thread yields `step`, and the loop carries on from where this
   * left off (the pick handed over, or the fault's stopped step). Only an
   * atomic step (always runnable) of the thread the loop resumed, after a step
   * whose afterStep would do nothing (hooks.quiet), goes this way.
   */
  stepInline(step: Step): boolean {
    const t = this.running;
    if (!this.inStep || t === null || t !== this.stepper || t.state !== "live" || step.kind !== "atomic") return false;
    if (!this.inlineOn || this.liveNonDaemon === 0 || this.stepCount >= this.stepBudgetMax) return false;
    const now = this.clock.monotonicUs();
    const limit = this.timeLimitUs;
    if (limit !== undefined && now >= limit) return false;
    const hooks = this.hooks;
    if (hooks.quiet === undefined || !hooks.quiet()) return false;
    // As after its yield: the loop would set it pending, collect the runnable threads and pick.
    t.pending = step;
    this.pendingSet = true;
    // The loop picks and applies faults with no thread running; so does this.
    this.running = null;
    this.inStep = false;
    try {
      this.collectRunnable(now); // at least t: an atomic step is always runnable
      const ctx = this.ctx;
      ctx.step = this.stepCount;
      ctx.current = t.tid; // lastTid: it took the step before this one, and is live
      let tid: number;
      try {
        tid = this.strategy.pick(this.runnable, ctx);
      } catch (e) {
        // The loop would have thrown it from run; so it will, after the yield.
        this.strategyError = e as Error;
        return false;
      }
      if (tid !== t.tid) {
        this.handoff = tid; // the loop checks it is runnable, as it checks its own picks
        return false;
      }
      const s = this.stepCount;
      this.record(tid);
      hooks.onDecision?.(t, s);
      this.lastTid = tid;
      this.clock.advance(this.stepUs);
      if (hooks.beforeStep && !hooks.beforeStep(t, s)) {
        this.faultStopped = true;
        return false;
      }
      t.steps++;
      this.pendingSet = false;
      return true;
    } finally {
      this.running = t;
      this.inStep = true;
    }
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
