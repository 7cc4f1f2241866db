// The coordinator of a real-world run: owns the shared buffer, starts worker
// threads (grouped into processes by pid) in slots, collects how each ended,
// kills a process on purpose (its workers are terminated first, then its
// liveness word is cleared, so survivors never see a pid dead while its
// threads run) and restarts a slot with a new thread of a new process: a warm
// standby thread (modules loaded, waiting for its identity) if one is ready.
import { Worker } from "node:worker_threads";
import { markStart, setAlive } from "./real-ports.js";
import { CTL_HISTORY, CTL_STOP, commandWord, createShared, layoutFor, phaseWord, type LayoutOptions, type SharedLayout } from "./shared-layout.js";
import { waitAsync } from "./wait-async.js";
import type { WorkerAssignment, WorkerInit, WorkerMessage } from "./worker-context.js";

export interface CoordinatorOptions {
  readonly layout: LayoutOptions;
  /** Registry module exporting `bodies`. */
  readonly module: URL;
  /** Worker entry; defaults to worker-main next to this file (.js built, .ts in sources). */
  readonly entry?: URL;
  /** Node flags for workers (tests running TS sources pass a loader here). */
  readonly execArgv?: readonly string[];
  readonly filesRoot?: string;
}

export interface WorkerSpec {
  readonly pid: number;
  readonly body: string;
  readonly args?: unknown;
}

export type WorkerStatus = "done" | "error" | "killed" | "exited";

export interface WorkerOutcome {
  /** The slot the thread ran in (its phase word and log). */
  readonly worker: number;
  readonly pid: number;
  readonly tid: number;
  readonly status: WorkerStatus;
  readonly result?: unknown;
  readonly error?: string;
}

interface Running {
  /** Who the thread is; a standby gets its slot, spec and tid when it is assigned. */
  readonly id: { slot: number; spec: WorkerSpec; tid: number };
  readonly thread: Worker;
  readonly ended: Promise<WorkerOutcome>;
  /** A standby's: true once it has loaded its module, false if it exited first. */
  readonly ready: Promise<boolean>;
  /** killed: set before terminate(), so the exit reads as a kill; exited: the thread is gone. */
  readonly mark: { killed: boolean; exited: boolean };
}

export class Coordinator {
  readonly layout: SharedLayout;
  readonly buffer: SharedArrayBuffer;
  readonly i32: Int32Array;
  /** Every thread started so far, in start order. */
  private readonly running: Running[] = [];
  /** The latest thread of each slot. */
  private readonly bySlot: Running[] = [];
  /** Warm threads, not yet assigned (not in `running`). */
  private readonly standbys: Running[] = [];
  /** Thread ids are never reused, restarts included. */
  private nextTid = 1;

  constructor(private readonly options: CoordinatorOptions) {
    this.layout = layoutFor(options.layout);
    this.buffer = createShared(this.layout);
    this.i32 = new Int32Array(this.buffer);
    markStart(this.buffer, this.layout);
  }

  /** Starts one worker per spec, each in a new slot; returns their slots. */
  start(specs: readonly WorkerSpec[]): number[] {
    return specs.map((spec) => {
      const slot = this.bySlot.length;
      if (slot >= this.layout.maxWorkers) throw new RangeError(`coordinator: more than ${this.layout.maxWorkers} workers`);
      this.launch(slot, spec);
      return slot;
    });
  }

  /**
   * Starts a new thread in `slot` once its last one has exited (a killed
   * worker's replacement): phase and command words start at 0 again, and its
   * log goes on where the last one stopped. A ready standby of the same body
   * takes the slot (it has loaded its modules); else a new thread starts cold.
   */
  restart(slot: number, spec: WorkerSpec): void {
    const last = this.bySlot[slot];
    if (!last) throw new RangeError(`coordinator: no worker ${slot}`);
    if (!last.mark.exited) throw new Error(`coordinator: slot ${slot} still runs (pid ${last.id.spec.pid})`);
    Atomics.store(this.i32, phaseWord(this.layout, slot), 0);
    Atomics.store(this.i32, commandWord(this.layout, slot), 0);
    const warm = this.standbys.findIndex((r) => r.id.spec.body === spec.body && !r.mark.exited);
    if (warm < 0) {
      this.launch(slot, spec);
      return;
    }
    const r = this.standbys.splice(warm, 1)[0]!;
    Object.assign(r.id, { slot, spec, tid: this.nextTid++ });
    setAlive(this.buffer, this.layout, spec.pid, true);
    const assignment: WorkerAssignment = { worker: slot, pid: spec.pid, tid: r.id.tid, args: spec.args ?? null };
    r.thread.postMessage(assignment);
    this.running.push(r);
    this.bySlot[slot] = r;
  }

  /** Starts a standby thread for `body`: it loads its modules now and waits for restart() to give it a slot. */
  prepare(body: string): void {
    const init: WorkerInit = { ...this.baseInit(body), worker: -1, pid: 0, tid: 0, args: null, standby: true };
    this.standbys.push(this.thread(init, { slot: -1, spec: { pid: 0, body }, tid: 0 }));
  }

  /** True once a standby for `body` has loaded its module; false after `timeoutMs` or if there is none. */
  async standbyReady(body: string, timeoutMs: number): Promise<boolean> {
    const r = this.standbys.find((x) => x.id.spec.body === body && !x.mark.exited);
    if (!r) return false;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, timeoutMs))));
    try {
      return await Promise.race([r.ready, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Terminates the standbys nobody took. */
  async dropStandbys(): Promise<void> {
    const idle = this.standbys.splice(0);
    await Promise.all(idle.map((r) => r.thread.terminate()));
  }

  private launch(slot: number, spec: WorkerSpec): void {
    setAlive(this.buffer, this.layout, spec.pid, true);
    const tid = this.nextTid++;
    const init: WorkerInit = { ...this.baseInit(spec.body), worker: slot, pid: spec.pid, tid, args: spec.args ?? null };
    const r = this.thread(init, { slot, spec, tid });
    this.running.push(r);
    this.bySlot[slot] = r;
  }

  private baseInit(body: string): Pick<WorkerInit, "buffer" | "layout" | "module" | "body" | "filesRoot"> {
    return {
      buffer: this.buffer, layout: this.layout, module: this.options.module.href, body,
      ...(this.options.filesRoot !== undefined ? { filesRoot: this.options.filesRoot } : {}),
    };
  }

  private thread(init: WorkerInit, id: Running["id"]): Running {
    const thread = new Worker(this.options.entry ?? defaultEntry(), { workerData: init, execArgv: [...(this.options.execArgv ?? [])] });
    const mark = { killed: false, exited: false };
    const ready = new Promise<boolean>((resolve) => {
      thread.on("message", (m: WorkerMessage) => m.kind === "ready" && resolve(true));
      thread.on("exit", () => resolve(false));
    });
    return { id, thread, mark, ended: outcomeOf(thread, id, mark), ready };
  }

  /** How every thread started so far ended, in start order (waits for all). */
  outcomes(): Promise<WorkerOutcome[]> {
    return Promise.all(this.running.map((r) => r.ended));
  }

  /** True while the latest thread of slot `w` has not exited. */
  isRunning(worker: number): boolean {
    const r = this.bySlot[worker];
    return r !== undefined && !r.mark.exited;
  }

  /** The pid of slot `w`'s latest thread. */
  pidOf(worker: number): number {
    const r = this.bySlot[worker];
    if (!r) throw new RangeError(`coordinator: no worker ${worker}`);
    return r.id.spec.pid;
  }

  /** How slot `w`'s latest thread ended (waits for it). */
  outcome(worker: number): Promise<WorkerOutcome> {
    const r = this.bySlot[worker];
    if (!r) throw new RangeError(`coordinator: no worker ${worker}`);
    return r.ended;
  }

  /** Terminates every worker of `pid`, then marks the pid dead. */
  async kill(pid: number): Promise<void> {
    const victims = this.running.filter((r) => r.id.spec.pid === pid && !r.mark.exited);
    for (const r of victims) r.mark.killed = true;
    await Promise.all(victims.map((r) => r.thread.terminate()));
    setAlive(this.buffer, this.layout, pid, false);
  }

  phase(worker: number): number {
    return Atomics.load(this.i32, phaseWord(this.layout, worker));
  }

  /** Sets worker `w`'s command word (the worker polls it). */
  command(worker: number, value: number): void {
    Atomics.store(this.i32, commandWord(this.layout, worker), value);
  }

  /** Resolves true once worker `w`'s phase word holds `value`; false after `timeoutMs` or once the worker is gone. */
  waitPhase(worker: number, value: number, timeoutMs: number): Promise<boolean> {
    return this.waitPhaseUntil(worker, (p) => p === value, timeoutMs);
  }

  /** Resolves true once worker `w`'s phase is at least `value` (phases that only grow), false after `timeoutMs`. */
  waitPhaseAtLeast(worker: number, value: number, timeoutMs: number): Promise<boolean> {
    return this.waitPhaseUntil(worker, (p) => p >= value, timeoutMs);
  }

  private async waitPhaseUntil(worker: number, done: (phase: number) => boolean, timeoutMs: number): Promise<boolean> {
    const at = phaseWord(this.layout, worker);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const seen = Atomics.load(this.i32, at);
      if (done(seen)) return true;
      if (this.bySlot[worker]?.mark.exited) return false;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      // Woken by the worker's notify, or re-checked every 20 ms.
      const w = waitAsync(this.i32, at, seen, Math.min(left, 20));
      if (w.async) await w.value;
    }
  }

  /** Asks every worker to wind down (bodies poll stopRequested()). */
  requestStop(): void {
    Atomics.store(this.i32, this.layout.ctlBase + CTL_STOP, 1);
  }

  /** Takes the next position in the shared history order (for the coordinator's own events). */
  nextIndex(): number {
    return Atomics.add(this.i32, this.layout.ctlBase + CTL_HISTORY, 1);
  }

  /** Terminates whatever still runs, standbys included (for error paths). */
  async terminateAll(): Promise<void> {
    await Promise.all([...this.running, ...this.standbys.splice(0)].map((r) => r.thread.terminate()));
  }
}

function outcomeOf(thread: Worker, id: Running["id"], mark: Running["mark"]): Promise<WorkerOutcome> {
  return new Promise((resolve) => {
    let message: WorkerMessage | undefined;
    let error: string | undefined;
    thread.on("message", (m: WorkerMessage) => m.kind !== "ready" && (message = m));
    thread.on("error", (e: Error) => (error = `${e.name}: ${e.message}`));
    thread.on("exit", () => {
      mark.exited = true;
      // Read at exit: a standby's identity is filled in when it is assigned.
      const base = { worker: id.slot, pid: id.spec.pid, tid: id.tid };
      if (mark.killed) resolve({ ...base, status: "killed" });
      else if (message?.kind === "done") resolve({ ...base, status: "done", result: message.result });
      else if (message?.kind === "error") resolve({ ...base, status: "error", error: message.message });
      else resolve({ ...base, status: error ? "error" : "exited", ...(error ? { error } : {}) });
    });
  });
}

function defaultEntry(): URL {
  // Built: dist/src/real/worker-main.js; run from sources (tests): worker-main.ts.
  const ext = import.meta.url.endsWith(".ts") ? "ts" : "js";
  return new URL(`./worker-main.${ext}`, import.meta.url);
}
