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
}

export class SimMemory implements Memory {
  constructor(private readonly host: MemoryHost) {}

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
    yield step("load", addr, label);
    return this.checked(addr, 1, "load", label).load(addr);
  }
  *store(addr: Addr, value: number, label?: string): Gen<void> {
    yield step("store", addr, label);
    this.checked(addr, 1, "store", label).store(addr, value);
  }
  *cas(addr: Addr, expected: number, desired: number, label?: string): Gen<number> {
    yield step("cas", addr, label);
    return this.checked(addr, 1, "cas", label).cas(addr, expected, desired);
  }
  *add(addr: Addr, delta: number, label?: string): Gen<number> {
    yield step("add", addr, label);
    return this.checked(addr, 1, "add", label).add(addr, delta);
  }
  *load64(addr: Addr, label?: string): Gen<number> {
    yield step("load", addr, label, true);
    return this.checked(even(addr), 2, "load", label).load64(addr);
  }
  *store64(addr: Addr, value: number, label?: string): Gen<void> {
    yield step("store", addr, label, true);
    this.checked(even(addr), 2, "store", label).store64(addr, value);
  }
  *cas64(addr: Addr, expected: number, desired: number, label?: string): Gen<number> {
    yield step("cas", addr, label, true);
    return this.checked(even(addr), 2, "cas", label).cas64(addr, expected, desired);
  }
  *add64(addr: Addr, delta: number, label?: string): Gen<number> {
    yield step("add", addr, label, true);
    return this.checked(even(addr), 2, "add", label).add64(addr, delta);
  }
  *read(addr: Addr, count: number, label?: string): Gen<Int32Array> {
    yield step("read", addr, label);
    const arena = this.checked(addr, count, "read", label);
    return arena.i32.slice(addr, addr + count);
  }
  *write(addr: Addr, data: ArrayLike<number>, label?: string): Gen<void> {
    yield step("write", addr, label);
    const arena = this.checked(addr, data.length, "write", label);
    arena.i32.set(data, addr);
  }
  *alloc(words: number, label?: string): Gen<Addr> {
    yield step("alloc", -1, label);
    return this.host.arena().alloc(words, this.host.site(label));
  }
  *free(addr: Addr, label?: string): Gen<void> {
    yield step("free", addr, label);
    const arena = this.host.arena();
    try {
      arena.free(addr, this.host.site(label));
    } catch (e) {
      if (e instanceof BadAccessError) this.host.badAccess(e);
      throw e;
    }
  }
  *wait(addr: Addr, expected: number, timeoutUs?: number, label?: string): Gen<"changed" | "timed-out"> {
    yield step("load", addr, label);
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

function step(op: AtomicOp, addr: Addr, label: string | undefined, wide?: boolean): Step {
  return wide ? { kind: "atomic", op, addr, label, wide } : { kind: "atomic", op, addr, label };
}

function even(addr: Addr): Addr {
  if (addr % 2 !== 0) throw new RangeError(`64-bit access at odd word ${addr}`);
  return addr;
}
