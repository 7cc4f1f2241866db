// The simulated world of one run: seeded streams, the arena, the clock, the
// disk, the process table, the scheduler and the history recorder, built from
// one seed. It hands each thread its ports and turns faults into crashes and
// power losses. Contract: same options and seed ⇒ same decisions, events and
// trace hash, byte for byte.
import { Buggify } from "./buggify.js";
import { ProcessPauses } from "./process-pause.js";
import type { Files, Ports, Sched, Gen } from "../engine/ports.js";
import { Arena, BadAccessError, type ArenaOptions } from "./arena.js";
import { DEFAULT_CLOCK, SimClock, type ClockOptions } from "./clock.js";
import { FaultPlan, NO_FAULTS, type FaultOptions } from "./faults.js";
import { SYSTEM_PROCESS, type SystemF, type UseAfterFreeValue, type Site } from "../history/events.js";
import { schedulerStepText, threadText } from "../history/ids.js";
import { ProcessTable } from "./processes.js";
import { HistoryRecorder } from "./recorder.js";
import { Rng } from "./rng.js";
import { Scheduler, neverReady, type RunEnd, type SimThread, type ThreadBody } from "./scheduler.js";
import { SimMemory } from "./sim-memory.js";
import { SimDisk } from "./disk/disk.js";
import { describeStep } from "./step-text.js";
import { randomStrategy } from "./strategies/random.js";
import type { Strategy } from "./strategies/strategy.js";
import { TraceHash } from "./trace-hash.js";
import { propertyOfError, type Verdict, type Violation } from "../history/verdict.js";

/** What the world needs of a disk. */
export interface WorldDisk {
  files(): Files;
  /** Drops what was not made durable (seeded tearing and reverts). */
  powerLoss(): void;
  /** From now on no random faults (EIO, latent bad sectors); aimed ones still fire. */
  stopRandomFaults?(): void;
  /** Errors injected plus corrupted reads returned so far: the causes an op's I/O error can have. */
  faultsSeen?(): number;
}

export interface WorldOptions {
  readonly seed: bigint;
  /** Defaults to the random strategy on the "scheduler" stream. */
  readonly strategy?: Strategy;
  readonly stepBudgetMax: number;
  readonly stepUs: number;
  readonly timeLimitUs?: number;
  readonly arena: ArenaOptions;
  readonly clock: ClockOptions;
  readonly faults: FaultOptions;
  /** Builds the disk from its own stream; the world has no disk without it. */
  readonly disk?: (rng: Rng, clock: SimClock) => WorldDisk;
  /** Keep a text line per step (for `replay --trace`). */
  readonly traceSteps?: boolean;
  /**
   * false: every step goes through the scheduler loop (Scheduler.stepInline
   * off), for code that drives a thread's generator itself and must see each
   * step it yields, and for tests comparing against the loop. Default true.
   */
  readonly stepInline?: boolean;
}

export const DEFAULT_WORLD: Omit<WorldOptions, "seed"> = {
  stepBudgetMax: 1_000_000,
  stepUs: 1,
  arena: { words: 1 << 20, reservedWords: 64, quarantineWords: 1 << 14 },
  clock: DEFAULT_CLOCK,
  faults: NO_FAULTS,
  disk: (rng, clock) => new SimDisk({}, rng, clock),
};

export interface RunOutcome {
  readonly verdict: Verdict;
  readonly end: RunEnd;
  readonly violations: readonly Violation[];
  readonly steps: number;
  readonly timeUs: number;
  readonly traceHash: string;
  readonly decisions: readonly number[];
}

export interface WorldHooks {
  /** A process crashed (its threads are already stopped). */
  onCrash?(pid: number): void;
  /** The power went out (every process is dead, the arena is new, the disk crashed). */
  onPowerLoss?(): void;
}

export interface SpawnOptions {
  readonly daemon?: boolean;
}

export class World {
  readonly rng: Rng;
  readonly clock: SimClock;
  readonly processes = new ProcessTable();
  readonly scheduler: Scheduler;
  readonly history: HistoryRecorder;
  readonly memory: SimMemory;
  readonly disk: WorldDisk | undefined;
  readonly stepLines: string[] = [];
  /** Rare engine events reached this run, by label (ports.sometimes); not part of the trace hash. */
  readonly sometimes: Record<string, number> = {};
  hooks: WorldHooks = {};
  private arenaNow: Arena;
  private readonly hash = new TraceHash();
  private readonly faultPlan: FaultPlan;
  private readonly pauses = new ProcessPauses();
  private readonly buggify: Buggify | undefined;
  /** Fault figures for reports (pauses are not history events). */
  readonly stats = { pauses: 0, pausedUs: 0, buggified: 0 };
  private readonly crashable = new Set<number>();
  private pendingViolation: Violation | undefined;
  private readonly files: Files | undefined;

  constructor(readonly options: WorldOptions) {
    this.rng = new Rng(options.seed);
    this.clock = new SimClock(options.clock);
    const strategy = options.strategy ?? randomStrategy(this.rng.fork("scheduler"));
    this.scheduler = new Scheduler(
      {
        strategy,
        stepBudgetMax: options.stepBudgetMax,
        stepUs: options.stepUs,
        timeLimitUs: options.timeLimitUs,
        stepInline: options.stepInline ?? true,
      },
      this.clock,
    );
    this.history = new HistoryRecorder(this.hash, () => this.clock.monotonicUs());
    this.arenaNow = new Arena(options.arena);
    this.faultPlan = new FaultPlan(options.faults, this.rng.fork("faults"));
    this.buggify = options.faults.buggify ? new Buggify(options.faults.buggify, this.rng.fork("buggify")) : undefined;
    this.disk = options.disk?.(this.rng.fork("disk"), this.clock);
    this.files = this.disk?.files();
    this.memory = new SimMemory({
      arena: () => this.arenaNow,
      site: (label) => this.site(label),
      nowUs: () => this.clock.monotonicUs(),
      badAccess: (e) => this.onBadAccess(e),
      tid: () => this.scheduler.current?.tid ?? -1,
      inline: (step) => this.scheduler.stepInline(step),
    });
    this.scheduler.setHooks({
      onDecision: (t, step) => {
        this.hash.addInt(t.tid);
        if (options.traceSteps) this.stepLines.push(`${step} t${t.tid} p${t.pid} ${t.name}: ${describeStep(t.pending)}`);
      },
      beforeStep: (t) => this.applyFaults(t),
      onThreadError: (t, e, step) => this.threadError(t, e, step),
      afterStep: () => this.takePendingViolation(),
      // takePendingViolation is a no-op when none is pending.
      quiet: () => this.pendingViolation === undefined,
    });
  }

  get arena(): Arena {
    return this.arenaNow;
  }

  /** Starts a process; `crashable: false` keeps random faults away from it. */
  spawnProcess(name: string, options: { crashable?: boolean } = {}): number {
    const pid = this.processes.spawn(name);
    if (options.crashable !== false) this.crashable.add(pid);
    return pid;
  }

  /** Starts a thread of `pid` running `body(ports)`. Returns its tid. */
  spawnThread(pid: number, name: string, body: (ports: Ports) => ThreadBody, options: SpawnOptions = {}): number {
    if (!this.processes.isAlive(pid)) throw new Error(`spawnThread: process ${pid} is not alive`);
    return this.scheduler.spawn(pid, name, (tid) => body(this.portsFor(pid, tid)), options.daemon ?? false);
  }

  /** Lets random process crashes strike `pid` or not (aimed crash points ignore this). */
  setCrashable(pid: number, crashable: boolean): void {
    if (crashable) this.crashable.add(pid);
    else this.crashable.delete(pid);
  }

  /** Crashes `pid` between two steps: its threads stop; arena and page cache stay. */
  crash(pid: number): void {
    if (!this.processes.isAlive(pid)) return;
    this.scheduler.killProcess(pid);
    this.processes.markDead(pid, this.clock.monotonicUs());
    this.hash.addString("crash").addInt(pid);
    this.history.record({ type: "info", process: SYSTEM_PROCESS, f: "crash", value: { pid } });
    this.hooks.onCrash?.(pid);
  }

  /** Cuts the power: every process dies, the arena is lost, the disk keeps what was durable. */
  powerLoss(): void {
    for (const pid of this.processes.alivePids()) {
      this.scheduler.killProcess(pid);
      this.processes.markDead(pid, this.clock.monotonicUs());
    }
    this.arenaNow = new Arena(this.options.arena);
    this.disk?.powerLoss();
    this.hash.addString("power-loss");
    this.history.record({ type: "info", process: SYSTEM_PROCESS, f: "power-loss", value: null });
    this.hooks.onPowerLoss?.();
  }

  run(): RunOutcome {
    const out = this.scheduler.run();
    const violations = out.violation ? [out.violation] : [];
    const verdict: Verdict = violations.length > 0 ? "violation" : out.end === "step-budget" ? "unknown" : "ok";
    this.hash.addString(out.end);
    const scheduler = this.scheduler;
    let decisions: number[] | undefined;
    return {
      verdict,
      end: out.end,
      violations,
      steps: out.steps,
      timeUs: this.clock.monotonicUs(),
      traceHash: this.hash.digest(),
      // Copied on first read: most runs pass, and nobody reads a passing run's schedule.
      get decisions(): number[] {
        return (decisions ??= scheduler.decisions());
      },
    };
  }

  private portsFor(pid: number, tid: number): Ports {
    const clock = this.clock;
    const procs = this.processes;
    const files = this.files ?? noDisk();
    const sched: Sched = {
      *spin(label?: string): Gen<void> {
        yield { kind: "spin", label };
      },
      *point(label: string): Gen<void> {
        yield { kind: "point", label };
      },
      *sleep(us: number, label?: string): Gen<void> {
        const deadlineUs = clock.monotonicUs() + us;
        yield { kind: "block", on: { name: `sleep ${us}us`, ready: neverReady, deadlineUs }, label };
      },
    };
    return {
      pid,
      tid,
      mem: this.memory,
      files,
      clock: { monotonicUs: () => clock.monotonicUs(), wallMs: () => clock.wallMs(pid) },
      procs: { self: pid, isAlive: (p) => procs.isAlive(p) },
      sched,
      observe: (f, value) => {
        this.history.record({ type: "info", process: SYSTEM_PROCESS, f: f as SystemF, value, thread: tid });
      },
      buggify: (label) => {
        if (!this.buggify?.fire(label)) return false;
        this.stats.buggified++;
        return true;
      },
      sometimes: (label) => {
        this.sometimes[label] = (this.sometimes[label] ?? 0) + 1;
      },
    };
  }

  private site(label?: string): Site {
    const t = this.scheduler.current;
    const thread = t?.tid ?? -1;
    const step = this.scheduler.step - 1;
    return label === undefined ? { thread, step } : { thread, step, label };
  }

  private applyFaults(t: SimThread): boolean {
    // No fault can fire (and so no pause is held): skip the per-step lookups.
    if (this.faultPlan.idle) return true;
    if (this.pauses.resume(t)) return false;
    // No fault can fire any more this run (pauses held still end above).
    if (this.faultPlan.settled) return true;
    const action = this.faultPlan.decide(t.pid, t.pending, this.clock.monotonicUs(), this.crashable.has(t.pid));
    if (action.kind === "none") return true;
    if (action.kind === "pause") {
      this.pauses.pause(this.scheduler.allThreads(), action.pid, action.untilUs);
      this.hash.addString("pause").addInt(action.pid).addInt(action.untilUs);
      this.stats.pauses++;
      this.stats.pausedUs += action.untilUs - this.clock.monotonicUs();
    } else if (action.kind === "crash") this.crash(action.pid);
    else this.powerLoss();
    return false;
  }

  private onBadAccess(e: BadAccessError): void {
    if (this.pendingViolation) return;
    const a = e.access;
    const value: UseAfterFreeValue = {
      addr: a.addr,
      op: a.op,
      thread: a.site.thread,
      step: a.site.step,
      ...(a.site.label !== undefined ? { label: a.site.label } : {}),
      allocSite: a.block?.allocSite ?? { thread: -1, step: -1 },
      freeSite: a.block?.freeSite ?? { thread: -1, step: -1 },
    };
    if (a.kind === "use-after-free") {
      this.history.record({ type: "info", process: SYSTEM_PROCESS, f: "use-after-free", value });
    }
    const where = (s: Site | undefined): string =>
      s ? `${threadText(s.thread)} at ${schedulerStepText(s.step)}${s.label ? ` (${s.label})` : ""}` : "nowhere";
    this.pendingViolation = {
      kind: a.kind,
      property: a.kind === "use-after-free" || a.kind === "double-free" ? "reclamation" : "engine-error",
      step: a.site.step,
      stepKind: "scheduler-step",
      threads: [a.site.thread],
      actorKind: "thread",
      evidence: value,
      explanation:
        `${where(a.site)} did ${a.op} on word ${a.addr}` +
        (a.block
          ? `, in a block of ${a.block.words} words allocated by ${where(a.block.allocSite)} and freed by ${where(a.block.freeSite)}.`
          : ", which was never allocated."),
    };
  }

  private takePendingViolation(): Violation | undefined {
    const v = this.pendingViolation;
    this.pendingViolation = undefined;
    return v;
  }

  private threadError(t: SimThread, e: unknown, step: number): Violation {
    const pending = this.takePendingViolation();
    if (pending) return pending;
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    const breaks = propertyOfError(e);
    return {
      kind: breaks ? "broken-invariant" : "uncaught-error",
      property: breaks ?? "engine-error",
      step,
      stepKind: "scheduler-step",
      threads: [t.tid],
      actorKind: "thread",
      evidence: { message, stack: e instanceof Error ? e.stack : undefined },
      explanation: `Thread ${t.tid} (${t.name}, engine pid ${t.pid}) threw at ${schedulerStepText(step)}: ${message}`,
    };
  }
}

function noDisk(): Files {
  const fail = (): never => {
    throw new Error("this world has no disk (WorldOptions.disk)");
  };
  return {
    write: fail,
    append: fail,
    read: fail,
    size: fail,
    fsync: fail,
    rename: fail,
    unlink: fail,
    fsyncDir: fail,
    list: fail,
    exists: () => false,
  };
}
