// The Memory port in the real world: every operation acts at once with Atomics
// on the shared buffer and never yields, so `yield* mem.load(a)` costs one
// generator call. Allocation goes to the shared allocator. Contract: same
// results as SimMemory for the same sequence of operations on one thread.
import type { Addr, Gen, Memory } from "../engine/ports.js";
import { SharedAllocator } from "./shared-allocator.js";
import { CTL_DUMMY, type SharedLayout } from "./shared-layout.js";

/** An access outside the engine's arena (into allocator or control words). */
export class WildAccessError extends Error {
  override readonly name = "WildAccessError";
  constructor(readonly addr: number, readonly count: number, readonly op: string) {
    super(`wild ${op} of ${count} word(s) at ${addr}: outside the arena`);
  }
}

export class RealMemory implements Memory {
  readonly words: number;
  readonly i32: Int32Array;
  private readonly i64: BigInt64Array;
  readonly allocator: SharedAllocator;
  private readonly dummy: number;
  /**
   * Tripwire for aimed kills: when set to n > 0, the n-th mutating operation
   * from now calls `onTrip` first (which may park the thread for good).
   */
  tripwire = 0;
  onTrip: () => void = () => {};

  constructor(buffer: SharedArrayBuffer, layout: SharedLayout) {
    this.words = layout.words;
    this.i32 = new Int32Array(buffer);
    this.i64 = new BigInt64Array(buffer);
    this.allocator = new SharedAllocator(this.i32, layout);
    this.dummy = layout.ctlBase + CTL_DUMMY;
  }

  *load(addr: Addr): Gen<number> {
    return Atomics.load(this.i32, this.at(addr, 1, "load"));
  }
  *store(addr: Addr, value: number): Gen<void> {
    this.trip();
    Atomics.store(this.i32, this.at(addr, 1, "store"), value);
  }
  *cas(addr: Addr, expected: number, desired: number): Gen<number> {
    this.trip();
    return Atomics.compareExchange(this.i32, this.at(addr, 1, "cas"), expected | 0, desired | 0);
  }
  *add(addr: Addr, delta: number): Gen<number> {
    this.trip();
    return Atomics.add(this.i32, this.at(addr, 1, "add"), delta);
  }
  *load64(addr: Addr): Gen<number> {
    return Number(Atomics.load(this.i64, this.at64(addr, "load64")));
  }
  *store64(addr: Addr, value: number): Gen<void> {
    this.trip();
    Atomics.store(this.i64, this.at64(addr, "store64"), big(value));
  }
  *cas64(addr: Addr, expected: number, desired: number): Gen<number> {
    this.trip();
    return Number(Atomics.compareExchange(this.i64, this.at64(addr, "cas64"), big(expected), big(desired)));
  }
  *add64(addr: Addr, delta: number): Gen<number> {
    this.trip();
    return Number(Atomics.add(this.i64, this.at64(addr, "add64"), big(delta)));
  }
  *read(addr: Addr, count: number): Gen<Int32Array> {
    const a = this.at(addr, count, "read");
    return this.i32.slice(a, a + count);
  }
  *write(addr: Addr, data: ArrayLike<number>): Gen<void> {
    this.trip();
    this.i32.set(data, this.at(addr, data.length, "write"));
  }
  *alloc(words: number): Gen<Addr> {
    this.trip();
    return this.allocator.alloc(words);
  }
  *free(addr: Addr): Gen<void> {
    this.trip();
    this.allocator.free(addr);
  }
  *wait(addr: Addr, expected: number, timeoutUs?: number): Gen<"changed" | "timed-out"> {
    const ms = timeoutUs === undefined ? Infinity : timeoutUs / 1000;
    const r = Atomics.wait(this.i32, this.at(addr, 1, "wait"), expected | 0, ms);
    return r === "timed-out" ? "timed-out" : "changed";
  }
  *notify(addr: Addr): Gen<void> {
    Atomics.notify(this.i32, this.at(addr, 1, "notify"));
  }

  /** Sleeps on a word nobody changes (the Sched port's sleep). */
  sleepUs(us: number): void {
    Atomics.wait(this.i32, this.dummy, 0, us / 1000);
  }

  private trip(): void {
    if (this.tripwire !== 0 && --this.tripwire === 0) this.onTrip();
  }

  private at(addr: number, count: number, op: string): number {
    // One unsigned compare covers negatives, NaN-free integers and the end.
    if (!((addr >>> 0) === addr && addr + count <= this.words)) throw new WildAccessError(addr, count, op);
    return addr;
  }

  private at64(addr: number, op: string): number {
    if (addr % 2 !== 0) throw new RangeError(`64-bit access at odd word ${addr}`);
    return this.at(addr, 2, op) >> 1;
  }
}

function big(v: number): bigint {
  if (!Number.isSafeInteger(v)) throw new RangeError(`64-bit arena value ${v} is not a safe integer`);
  return BigInt(v);
}
