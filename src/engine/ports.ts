// The ports the engine runs on: memory, files, clock, processes, scheduling hints.
// Contract: the engine talks only to these interfaces. `src/sim` implements them
// deterministically (every yield is one scheduling point); `src/real` implements
// them on worker_threads + SharedArrayBuffer + Atomics + node:fs (nothing yields).
//
// Protocol: a port operation that touches shared state is a generator that
// yields exactly one `Step` describing what it is *about to* do, then performs
// it atomically when resumed. Engine code calls it with `yield*`. Code between
// two yields is local computation and is never interleaved.

import type { SometimesLabel } from "./sometimes.js";

/** A word address in the shared arena: an index into its Int32Array view. */
export type Addr = number;

/** What a virtual thread is about to do at a scheduling point. */
export type Step =
  | AtomicStep
  | { readonly kind: "block"; readonly on: Waitable; readonly label?: string }
  | { readonly kind: "spin"; readonly label?: string }
  | { readonly kind: "point"; readonly label: string }
  | { readonly kind: "disk"; readonly op: DiskOp; readonly path: string; readonly label?: string };

export type AtomicOp = "load" | "store" | "cas" | "add" | "read" | "write" | "alloc" | "free";

/** One atomic memory access; `wide` marks a 64-bit access (two words). */
export interface AtomicStep {
  readonly kind: "atomic";
  readonly op: AtomicOp;
  readonly addr: Addr;
  readonly wide?: boolean;
  readonly label?: string;
}

export type DiskOp = "write" | "read" | "fsync" | "rename" | "unlink" | "fsyncDir" | "list" | "size";

/** Something a blocked thread waits for. `ready()` is re-evaluated by the scheduler. */
export interface Waitable {
  /** Names the primitive in deadlock reports, e.g. "mutex walLock" or "word 0x40". */
  readonly name: string;
  ready(): boolean;
  /** Simulated time (µs) at which the wait gives up; undefined = never. */
  readonly deadlineUs?: number;
}

/** A port operation: yields scheduling points, returns T. */
export type Gen<T> = Generator<Step, T, unknown>;

/** Shared memory of 32-bit words (and 64-bit pairs at even addresses). */
export interface Memory {
  /** Size of the arena in 32-bit words. */
  readonly words: number;
  load(addr: Addr, label?: string): Gen<number>;
  store(addr: Addr, value: number, label?: string): Gen<void>;
  /** Compare-and-swap; returns the value seen (success iff it equals `expected`). */
  cas(addr: Addr, expected: number, desired: number, label?: string): Gen<number>;
  /** Atomic add; returns the previous value. */
  add(addr: Addr, delta: number, label?: string): Gen<number>;
  // 64-bit variants at even addresses. Values are integers within ±2^53.
  load64(addr: Addr, label?: string): Gen<number>;
  store64(addr: Addr, value: number, label?: string): Gen<void>;
  cas64(addr: Addr, expected: number, desired: number, label?: string): Gen<number>;
  add64(addr: Addr, delta: number, label?: string): Gen<number>;
  /** Reads `count` words in one step: for data that is immutable once published. */
  read(addr: Addr, count: number, label?: string): Gen<Int32Array>;
  /** Writes words in one step: for initialising a block before it is published. */
  write(addr: Addr, data: ArrayLike<number>, label?: string): Gen<void>;
  /** Allocates a zeroed block of `words` words at an even address. Throws ArenaFullError. */
  alloc(words: number, label?: string): Gen<Addr>;
  /** Frees a block; any later access to it is a use-after-free. */
  free(addr: Addr, label?: string): Gen<void>;
  /**
   * Futex wait: blocks while the word at `addr` equals `expected`, until another
   * thread changes it, or until `timeoutUs` of simulated/real time has passed.
   */
  wait(addr: Addr, expected: number, timeoutUs?: number, label?: string): Gen<"changed" | "timed-out">;
  /** Wakes waiters on `addr` (the sim re-checks readiness by itself; real needs it). */
  notify(addr: Addr): Gen<void>;
}

/** A typed error: the arena has no room for the requested block. */
export class ArenaFullError extends Error {
  override readonly name = "ArenaFullError";
  constructor(readonly requestedWords: number, readonly freeWords: number) {
    super(`arena full: requested ${requestedWords} words, ${freeWords} free`);
  }
}

export type DiskErrorCode = "EIO" | "ENOSPC" | "ENOENT";

/** A typed error from the file port. */
export class DiskError extends Error {
  override readonly name = "DiskError";
  constructor(readonly code: DiskErrorCode, readonly path: string, readonly op: DiskOp) {
    super(`${code} on ${op} ${path}`);
  }
}

/** A flat file namespace; a path's directory is everything before its last '/'. */
export interface Files {
  /** Writes bytes at `offset` (creating the file); lands in the page cache only. */
  write(path: string, offset: number, data: Uint8Array, label?: string): Gen<void>;
  /** Appends bytes; returns the offset written at. */
  append(path: string, data: Uint8Array, label?: string): Gen<number>;
  read(path: string, offset: number, length: number, label?: string): Gen<Uint8Array>;
  size(path: string, label?: string): Gen<number>;
  /** Makes the file's content durable (not its directory entry). */
  fsync(path: string, label?: string): Gen<void>;
  rename(from: string, to: string, label?: string): Gen<void>;
  unlink(path: string, label?: string): Gen<void>;
  /** Makes creations, renames and unlinks in `dir` durable. */
  fsyncDir(dir: string, label?: string): Gen<void>;
  /** Sorted names of the files directly in `dir`. */
  list(dir: string, label?: string): Gen<string[]>;
  exists(path: string): boolean;
}

/** Time. Reading a clock is not a scheduling point. */
export interface Clock {
  /** Monotonic microseconds since the world started. */
  monotonicUs(): number;
  /** Wall-clock milliseconds as this process sees it (may jump, freeze, skew). */
  wallMs(): number;
}

/** The process table, as a process sees it. */
export interface Processes {
  readonly self: number;
  isAlive(pid: number): boolean;
}

/** Scheduling hints with no memory access. */
export interface Sched {
  /** A spin-loop iteration: lets others run (and lowers this thread's PCT priority). */
  spin(label?: string): Gen<void>;
  /** A named point: a place a fault plan can aim a crash at, visible in traces. */
  point(label: string): Gen<void>;
  /** Sleeps for `us` microseconds of (simulated) time. */
  sleep(us: number, label?: string): Gen<void>;
}

/**
 * An observation for the history (reclamation and durability checkers read
 * them): "gc-drop", "snapshot-open", "snapshot-close", "memory". The value
 * shapes are those of src/sim/history.ts. The real world may drop them.
 */
export type Observe = (f: string, value: unknown) => void;

/** Everything one engine thread is given. */
export interface Ports {
  readonly pid: number;
  /** Thread id, unique in the world (across processes). */
  readonly tid: number;
  readonly mem: Memory;
  readonly files: Files;
  readonly clock: Clock;
  readonly procs: Processes;
  readonly sched: Sched;
  readonly observe: Observe;
  /**
   * BUGGIFY: true if this run takes the slow or spuriously failing path at
   * `label` (a yield, a sleep, a retry where the real system could). Never
   * yields; always false in the real world and when the run has it off.
   */
  readonly buggify: (label: string) => boolean;
  /** Marks a rare event a good run must reach (sometimes.ts). Never yields; the real world ignores it. */
  readonly sometimes: (label: SometimesLabel) => void;
}
