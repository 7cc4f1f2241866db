// What a worker body is given: its ports over the shared buffer, its event
// log, the shared history counter, its phase word, and a way to park itself
// for an aimed kill. Bodies are named functions in a registry module (workers
// cannot receive closures): `export const bodies: Record<string, WorkerBody>`.
import type { Files, Gen, Ports } from "../engine/ports.js";
import { RealFiles } from "./real-files.js";
import { RealMemory } from "./real-memory.js";
import { realPorts } from "./real-ports.js";
import { SharedLogWriter } from "./shared-log.js";
import { CTL_DUMMY, CTL_HISTORY, CTL_STOP, commandWord, phaseWord, type SharedLayout } from "./shared-layout.js";

/** Phase a worker stores when it has stopped for good, waiting to be terminated. */
export const PHASE_PARKED = 0x7a4ced;

/** Plain data sent to a worker at start (structured-cloned; the buffer is shared). */
export interface WorkerInit {
  readonly buffer: SharedArrayBuffer;
  readonly layout: SharedLayout;
  /** Worker slot: index of its phase word and log. */
  readonly worker: number;
  readonly pid: number;
  readonly tid: number;
  /** URL of the registry module that exports `bodies`. */
  readonly module: string;
  readonly body: string;
  readonly args: unknown;
  /** Root directory of the Files port; absent = no disk. */
  readonly filesRoot?: string;
  /** A warm spare: it loads its module, then waits for a WorkerAssignment message before it runs. */
  readonly standby?: boolean;
}

/** What the coordinator posts to a standby worker when it gives it a slot. */
export type WorkerAssignment = Pick<WorkerInit, "worker" | "pid" | "tid" | "args">;

export interface WorkerContext {
  readonly init: WorkerInit;
  readonly ports: Ports;
  readonly mem: RealMemory;
  readonly log: SharedLogWriter;
  /** Takes the next position in the shared history order. */
  nextIndex(): number;
  setPhase(phase: number): void;
  /** Stops this thread for good (until the coordinator terminates it). */
  park(): never;
  /** True once the coordinator asked every worker to wind down. */
  stopRequested(): boolean;
  /** This worker's command word, as the coordinator last set it (0 = none). */
  command(): number;
}

/** What a worker posts when its body ends (and a standby once its module is loaded). */
export type WorkerMessage =
  | { readonly kind: "done"; readonly result: unknown }
  | { readonly kind: "error"; readonly message: string }
  | { readonly kind: "ready" };

export type WorkerBody = (ctx: WorkerContext) => unknown;

export function workerContext(init: WorkerInit): WorkerContext {
  const { buffer, layout } = init;
  const mem = new RealMemory(buffer, layout);
  const i32 = mem.i32;
  const phase = phaseWord(layout, init.worker);
  const ports = realPorts({
    buffer, layout, pid: init.pid, tid: init.tid, mem,
    files: init.filesRoot === undefined ? noFiles() : new RealFiles(init.filesRoot),
  });
  const park = (): never => {
    Atomics.store(i32, phase, PHASE_PARKED);
    Atomics.notify(i32, phase);
    for (;;) Atomics.wait(i32, layout.ctlBase + CTL_DUMMY, 0);
  };
  return {
    init, ports, mem,
    log: new SharedLogWriter(i32, layout, init.worker),
    nextIndex: () => Atomics.add(i32, layout.ctlBase + CTL_HISTORY, 1),
    setPhase: (p) => Atomics.store(i32, phase, p),
    park,
    stopRequested: () => Atomics.load(i32, layout.ctlBase + CTL_STOP) !== 0,
    command: () => Atomics.load(i32, commandWord(layout, init.worker)),
  };
}

/** Runs a real-world generator to its end: its ports never yield. */
export function drive<T>(g: Gen<T>): T {
  const r = g.next();
  if (!r.done) throw new Error(`a real-world port yielded a step (${JSON.stringify(r.value)})`);
  return r.value;
}

/** A Files port for worlds without a disk: every operation throws. */
export function noFiles(): Files {
  const fail = (): never => {
    throw new Error("this worker has no disk (WorkerInit.filesRoot)");
  };
  return {
    write: fail, append: fail, read: fail, size: fail, fsync: fail, rename: fail, unlink: fail, fsyncDir: fail,
    list: fail, exists: () => false,
  };
}
