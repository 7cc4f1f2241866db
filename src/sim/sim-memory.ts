// The Memory port in the simulated world: each operation yields one atomic
// step (the scheduling point), then checks and performs the access when the
// scheduler resumes the thread. Bad accesses are reported to the world before
// the error is thrown, so engine code that swallows errors cannot hide them.
import type { Addr, AtomicOp, Gen, Memory, Step } from "../engine/ports.js";
import { BadAccessError, type Arena } from "./arena.js";
import type { Site } from "../history/events.js";

/** What the memory port needs from the world. */
export interface MemoryHost {
  /** The current arena (a power loss replaces it). */
  arena(): Arena;
  /** Where the running thread is. */
  site(label?: string): Site;
  nowUs(): number;
  /** Records a bad access as a violation; the port then throws. */
  badAccess(e: BadAccessError): void;
  /** The tid of the thread taking or about to take a step; -1 outside any thread. Absent: a fresh step per access. */
  tid?(): number;
  /** Takes `step` now without the thread yielding it (Scheduler.stepInline); false: yield it. */
  inline?(step: Step): boolean;
}

/** An atomic step the port rewrites in place (one per thread; see `step`). */
interface StepSlot {
  readonly kind: "atomic";
  op: AtomicOp;
  addr: Addr;
  label: string | undefined;
  wide: boolean;
}

export class SimMemory implements Memory {
  /** By tid: the step object each thread's accesses yield, rewritten per access. */
  private readonly slots: StepSlot[] = [];

  constructor(private readonly host: MemoryHost) {}

  /**
   * The step a thread yields before an access. A thread has at most one
   * pending step and yields its next one only after the scheduler resumed it
   * past this one (a paused thread keeps its step and does not run), so one
   * object per thread serves: no allocation per memory access. Readers copy
   * what they keep (dfs's stepShape); `wide` is false rather than absent.
   */
  private step(op: AtomicOp, addr: Addr, label: string | undefined, wide: boolean): Step {
    const tid = this.host.tid?.() ?? -1;
    if (tid < 0) return wide ? { kind: "atomic", op, addr, label, wide } : { kind: "atomic", op, addr, label };
    let s = this.slots[tid];
    if (s === undefined) {
      s = this.slots[tid] = { kind: "atomic", op, addr, label, wide };
    } else {
      s.op = op;
      s.addr = addr;
      s.label = label;
      s.wide = wide;
    }
    return s;
  }

  get words(): number {
    return this.host.arena().words;
  }

  private checked(addr: Addr, count: number, op: AtomicOp, label: string | undefined): Arena {
    const arena = this.host.arena();
    // The site is built only for a bad access: a good one allocates nothing.
    if (arena.isLive(addr, count)) return arena;
    try {
      arena.check(addr, count, op, this.host.site(label));
    } catch (e) {
      if (e instanceof BadAccessError) this.host.badAccess(e);
      throw e;
    }
    return arena;
  }

  *load(addr: Addr, label?: string): Gen<number> {
    const s = this.step("load", addr, label, false);
    if (this.host.inline?.(s) !== true) yield s;
    return this.checked(addr, 1, "load", label).load(addr);
  }
  *store(addr: Addr, value: number, label?: string): Gen<void> {
    const s = this.step("store", addr, label, false);
    if (this.host.inline?.(s) !== true) yield s;
    this.checked(addr, 1, "store", label).store(addr, value);
  }
  *cas(addr: Addr, expected: number, desired: number, label?: string): Gen<number> {
    const s = this.step("cas", addr, label, false);
    if (this.host.inline?.(s) !== true) yield s;
    return this.checked(addr, 1, "cas", label).cas(addr, expected, desired);
  }
  *add(addr: Addr, delta: number, label?: string): Gen<number> {
    const s = this.step("add", addr, label, false);
    if (this.host.inline?.(s) !== true) yield s;
    return this.checked(addr, 1, "add", label).add(addr, delta);
  }
  *load64(addr: Addr, label?: string): Gen<number> {
    const s = this.step("load", addr, label, true);
    if (this.host.inline?.(s) !== true) yield s;
    return this.checked(even(addr), 2, "load", label).load64(addr);
  }
  *store64(addr: Addr, value: number, label?: string): Gen<void> {
    const s = this.step("store", addr, label, true);
    if (this.host.inline?.(s) !== true) yield s;
    this.checked(even(addr), 2, "store", label).store64(addr, value);
  }
  *cas64(addr: Addr, expected: number, desired: number, label?: string): Gen<number> {
    const s = this.step("cas", addr, label, true);
    if (this.host.inline?.(s) !== true) yield s;
    return this.checked(even(addr), 2, "cas", label).cas64(addr, expected, desired);
  }
  *add64(addr: Addr, delta: number, label?: string): Gen<number> {
    const s = this.step("add", addr, label, true);
    if (this.host.inline?.(s) !== true) yield s;
    return this.checked(even(addr), 2, "add", label).add64(addr, delta);
  }
  *read(addr: Addr, count: number, label?: string): Gen<Int32Array> {
    const s = this.step("read", addr, label, false);
    if (this.host.inline?.(s) !== true) yield s;
    const arena = this.checked(addr, count, "read", label);
    return arena.i32.slice(addr, addr + count);
  }
  *write(addr: Addr, data: ArrayLike<number>, label?: string): Gen<void> {
    const s = this.step("write", addr, label, false);
    if (this.host.inline?.(s) !== true) yield s;
    const arena = this.checked(addr, data.length, "write", label);
    arena.i32.set(data, addr);
  }
  *alloc(words: number, label?: string): Gen<Addr> {
    const s = this.step("alloc", -1, label, false);
    if (this.host.inline?.(s) !== true) yield s;
    return this.host.arena().alloc(words, this.host.site(label));
  }
  *free(addr: Addr, label?: string): Gen<void> {
    const s = this.step("free", addr, label, false);
    if (this.host.inline?.(s) !== true) yield s;
    const arena = this.host.arena();
    try {
      arena.free(addr, this.host.site(label));
    } catch (e) {
      if (e instanceof BadAccessError) this.host.badAccess(e);
      throw e;
    }
  }
  *wait(addr: Addr, expected: number, timeoutUs?: number, label?: string): Gen<"changed" | "timed-out"> {
    const s = this.step("load", addr, label, false);
    if (this.host.inline?.(s) !== true) yield s;
    const arena = this.checked(addr, 1, "load", label);
    if (arena.load(addr) !== expected) return "changed";
    const deadlineUs = timeoutUs === undefined ? undefined : this.host.nowUs() + timeoutUs;
    const on = {
      name: `word ${addr}${label ? ` (${label})` : ""} == ${expected}`,
      ready: () => arena.peek(addr) !== expected,
      deadlineUs,
    };
    yield { kind: "block", on, label };
    return arena.peek(addr) !== expected ? "changed" : "timed-out";
  }
  *notify(_addr: Addr): Gen<void> {
    // Waiters re-check their word every step: nothing to wake explicitly.
  }
}

function even(addr: Addr): Addr {
  if (addr % 2 !== 0) throw new RangeError(`64-bit access at odd word ${addr}`);
  return addr;
}
