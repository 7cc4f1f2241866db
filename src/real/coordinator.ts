// The coordinator of a real-world run: owns the shared buffer, starts worker
// threads (grouped into processes by pid), collects how each ended, and kills
// a process on purpose: its workers are terminated first, then its liveness
// word is cleared, so survivors never see a pid dead while its threads run.
import { Worker } from "node:worker_threads";
import { markStart, setAlive } from "./real-ports.js";
import { CTL_HISTORY, CTL_STOP, commandWord, createShared, layoutFor, phaseWord, type LayoutOptions, type SharedLayout } from "./shared-layout.js";
import type { WorkerInit, WorkerMessage } from "./worker-context.js";

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
  readonly worker: number;
  readonly pid: number;
  readonly tid: number;
  readonly status: WorkerStatus;
  readonly result?: unknown;
  readonly error?: string;
}

interface Running {
  readonly spec: WorkerSpec;
  readonly thread: Worker;
  readonly ended: Promise<WorkerOutcome>;
  /** killed: set before terminate(), so the exit reads as a kill; exited: the thread is gone. */
  readonly mark: { killed: boolean; exited: boolean };
}

export class Coordinator {
  readonly layout: SharedLayout;
  readonly buffer: SharedArrayBuffer;
  readonly i32: Int32Array;
  private readonly running: Running[] = [];

  constructor(private readonly options: CoordinatorOptions) {
    this.layout = layoutFor(options.layout);
    this.buffer = createShared(this.layout);
    this.i32 = new Int32Array(this.buffer);
    markStart(this.buffer, this.layout);
  }

  /** Starts one worker per spec; returns their slots. */
  start(specs: readonly WorkerSpec[]): number[] {
    const entry = this.options.entry ?? defaultEntry();
    return specs.map((spec) => {
      const worker = this.running.length;
      if (worker >= this.layout.maxWorkers) throw new RangeError(`coordinator: more than ${this.layout.maxWorkers} workers`);
      setAlive(this.buffer, this.layout, spec.pid, true);
      const init: WorkerInit = {
        buffer: this.buffer, layout: this.layout, worker, pid: spec.pid, tid: worker + 1,
        module: this.options.module.href, body: spec.body, args: spec.args ?? null,
        ...(this.options.filesRoot !== undefined ? { filesRoot: this.options.filesRoot } : {}),
      };
      const thread = new Worker(entry, { workerData: init, execArgv: [...(this.options.execArgv ?? [])] });
      const mark = { killed: false, exited: false };
      this.running.push({ spec, thread, mark, ended: outcomeOf(thread, spec.pid, worker, mark) });
      return worker;
    });
  }

  /** How every worker started so far ended (waits for all). */
  outcomes(): Promise<WorkerOutcome[]> {
    return Promise.all(this.running.map((r) => r.ended));
  }

  /** True while worker `w`'s thread has not exited. */
  isRunning(worker: number): boolean {
    const r = this.running[worker];
    return r !== undefined && !r.mark.exited;
  }

  /** How worker `w` ended (waits for it). */
  outcome(worker: number): Promise<WorkerOutcome> {
    const r = this.running[worker];
    if (!r) throw new RangeError(`coordinator: no worker ${worker}`);
    return r.ended;
  }

  /** Terminates every worker of `pid`, then marks the pid dead. */
  async kill(pid: number): Promise<void> {
    const victims = this.running.filter((r) => r.spec.pid === pid);
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
      if (this.running[worker]?.mark.exited) return false;
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

  /** Terminates whatever still runs (for error paths). */
  async terminateAll(): Promise<void> {
    await Promise.all(this.running.map((r) => r.thread.terminate()));
  }
}

function outcomeOf(thread: Worker, pid: number, worker: number, mark: Running["mark"]): Promise<WorkerOutcome> {
  const base = { worker, pid, tid: worker + 1 };
  return new Promise((resolve) => {
    let message: WorkerMessage | undefined;
    let error: string | undefined;
    thread.on("message", (m: WorkerMessage) => (message = m));
    thread.on("error", (e: Error) => (error = `${e.name}: ${e.message}`));
    thread.on("exit", () => {
      mark.exited = true;
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

type WaitAsync = (
  i32: Int32Array, index: number, value: number, timeoutMs: number,
) => { async: false; value: "not-equal" | "timed-out" } | { async: true; value: Promise<"ok" | "timed-out"> };

// Atomics.waitAsync is in Node 20 but not in the ES2022 lib typings.
const waitAsync: WaitAsync = (i32, index, value, timeoutMs) =>
  (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync(i32, index, value, timeoutMs);
