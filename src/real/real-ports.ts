// The ports one engine thread gets in the real world: the shared RealMemory,
// files on node:fs, the system clocks, liveness words in the shared buffer and
// scheduling hints that cost nothing (the OS schedules). Nothing here yields.
import type { Clock, Files, Gen, Observe, Ports, Processes, Sched } from "../engine/ports.js";
import { RealMemory } from "./real-memory.js";
import { CTL_START_US, aliveWord, type SharedLayout } from "./shared-layout.js";

export interface RealPortsOptions {
  readonly buffer: SharedArrayBuffer;
  readonly layout: SharedLayout;
  readonly pid: number;
  readonly tid: number;
  readonly files: Files;
  /** Shared by the threads of one worker; a new one is made if absent. */
  readonly mem?: RealMemory;
  /** Called at each named point (an aimed kill may park the thread there). */
  readonly onPoint?: (label: string) => void;
  /** The real world drops observations unless told otherwise. */
  readonly observe?: Observe;
}

export function realPorts(o: RealPortsOptions): Ports {
  const mem = o.mem ?? new RealMemory(o.buffer, o.layout);
  const onPoint = o.onPoint;
  const sched: Sched = {
    *spin(): Gen<void> {
      // The OS preempts spinning threads; nothing to hand over.
    },
    *point(label: string): Gen<void> {
      if (onPoint) onPoint(label);
    },
    *sleep(us: number): Gen<void> {
      mem.sleepUs(us);
    },
  };
  return {
    pid: o.pid,
    tid: o.tid,
    mem,
    files: o.files,
    clock: realClock(mem.i32, o.layout),
    procs: realProcesses(mem.i32, o.layout, o.pid),
    sched,
    observe: o.observe ?? (() => {}),
    sometimes: () => {},
    buggify: () => false,
  };
}

/** Monotonic µs since the run's shared start; wall ms from the system clock. */
export function realClock(i32: Int32Array, layout: SharedLayout): Clock {
  const start = Number(Atomics.load(new BigInt64Array(i32.buffer), (layout.ctlBase + CTL_START_US) >> 1));
  return {
    monotonicUs: () => Number(process.hrtime.bigint() / 1000n) - start,
    wallMs: () => Date.now(),
  };
}

/** Liveness as the coordinator keeps it: a word per pid, 1 while alive. */
export function realProcesses(i32: Int32Array, layout: SharedLayout, self: number): Processes {
  return {
    self,
    isAlive: (pid) => pid > 0 && pid < layout.maxPids && Atomics.load(i32, aliveWord(layout, pid)) === 1,
  };
}

/** Stamps the run's start (the coordinator does it once, before any worker starts). */
export function markStart(buffer: SharedArrayBuffer, layout: SharedLayout): void {
  Atomics.store(new BigInt64Array(buffer), (layout.ctlBase + CTL_START_US) >> 1, process.hrtime.bigint() / 1000n);
}

export function setAlive(buffer: SharedArrayBuffer, layout: SharedLayout, pid: number, alive: boolean): void {
  Atomics.store(new Int32Array(buffer), aliveWord(layout, pid), alive ? 1 : 0);
}
