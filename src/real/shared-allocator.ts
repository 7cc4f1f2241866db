// The arena allocator of the real world, with all its state in the shared
// buffer so every worker allocates from the same arena: a bump pointer moved
// by CAS, and per size class a lock-free free list (Treiber stack whose 64-bit
// head carries a version tag against ABA). A worker killed mid-operation can
// only leak the block it held, never corrupt a list or block a survivor.
// Block layout: [class index, state] header words, then the block (even address).
import { ArenaFullError } from "../engine/ports.js";
import { ALLOC_BUMP, ALLOC_CLASS_BASE, ALLOC_LIVE, ALLOC_WORDS_PER_CLASS, SIZE_CLASSES, type SharedLayout } from "./shared-layout.js";

const HEADER_WORDS = 2;
// Header state word values (odd, unlikely as data, so a wild free is caught).
const ALLOCATED = 0x0a110c8d;
const FREED = 0x0f4ee0ed;
const POISON = 0x5eadbeef;
const ADDR_MASK = 0xffffffffn;
const TAG_MASK = 0x7fffffffn;

/** A free of something that is not a live block. */
export class BadFreeError extends Error {
  override readonly name = "BadFreeError";
  constructor(readonly addr: number, readonly why: string) {
    super(`bad free at word ${addr}: ${why}`);
  }
}

export class SharedAllocator {
  private readonly i64: BigInt64Array;

  constructor(
    private readonly i32: Int32Array,
    private readonly layout: SharedLayout,
  ) {
    this.i64 = new BigInt64Array(i32.buffer);
  }

  /** A zeroed block of at least `words` words at an even address. */
  alloc(words: number): number {
    const c = classOf(Math.max(2, words + (words % 2)));
    if (c < 0) throw new ArenaFullError(words, this.freeWords());
    const size = SIZE_CLASSES[c]!;
    let addr = this.pop(c);
    if (addr < 0) addr = this.bump(size);
    if (addr < 0) throw new ArenaFullError(words, this.freeWords());
    const i32 = this.i32;
    i32.fill(0, addr, addr + size);
    i32[addr - 2] = c;
    Atomics.store(i32, addr - 1, ALLOCATED);
    Atomics.add(i32, this.layout.allocBase + ALLOC_LIVE, size);
    return addr;
  }

  free(addr: number): void {
    const i32 = this.i32;
    if (!Number.isInteger(addr) || addr % 2 !== 0 || addr < HEADER_WORDS || addr >= this.layout.words) {
      throw new BadFreeError(addr, "not a block address");
    }
    const c = i32[addr - 2]!;
    if (c < 0 || c >= SIZE_CLASSES.length) throw new BadFreeError(addr, "no block header");
    const seen = Atomics.compareExchange(i32, addr - 1, ALLOCATED, FREED);
    if (seen !== ALLOCATED) throw new BadFreeError(addr, seen === FREED ? "double free" : "no block header");
    const size = SIZE_CLASSES[c]!;
    // Poisoned so that a read through a stale pointer shows as 0x5eadbeef.
    i32.fill(POISON, addr + 1, addr + size);
    Atomics.sub(i32, this.layout.allocBase + ALLOC_LIVE, size);
    this.push(c, addr);
  }

  /** Words in live blocks (headers excluded). */
  liveWords(): number {
    return Atomics.load(this.i32, this.layout.allocBase + ALLOC_LIVE);
  }

  /** Words never handed out plus words on free lists. */
  freeWords(): number {
    const base = this.layout.allocBase;
    let n = this.layout.words - Atomics.load(this.i32, base + ALLOC_BUMP);
    for (let c = 0; c < SIZE_CLASSES.length; c++) {
      n += SIZE_CLASSES[c]! * Atomics.load(this.i32, this.classWord(c) + 2);
    }
    return n;
  }

  private classWord(c: number): number {
    return this.layout.allocBase + ALLOC_CLASS_BASE + c * ALLOC_WORDS_PER_CLASS;
  }

  private bump(size: number): number {
    const at = this.layout.allocBase + ALLOC_BUMP;
    for (;;) {
      const b = Atomics.load(this.i32, at);
      const end = b + HEADER_WORDS + size;
      if (end > this.layout.words) return -1;
      if (Atomics.compareExchange(this.i32, at, b, end) === b) return b + HEADER_WORDS;
    }
  }

  private pop(c: number): number {
    const w = this.classWord(c);
    const hi = w >> 1;
    for (;;) {
      const head = Atomics.load(this.i64, hi);
      const addr = Number(head & ADDR_MASK);
      if (addr === 0) return -1;
      // May read a block another worker just popped: then the tag has moved and the CAS fails.
      const next = Atomics.load(this.i32, addr);
      const tag = ((head >> 32n) + 1n) & TAG_MASK;
      if (Atomics.compareExchange(this.i64, hi, head, (tag << 32n) | BigInt(next >>> 0)) === head) {
        Atomics.sub(this.i32, w + 2, 1);
        return addr;
      }
    }
  }

  private push(c: number, addr: number): void {
    const w = this.classWord(c);
    const hi = w >> 1;
    for (;;) {
      const head = Atomics.load(this.i64, hi);
      Atomics.store(this.i32, addr, Number(head & ADDR_MASK));
      const tag = ((head >> 32n) + 1n) & TAG_MASK;
      if (Atomics.compareExchange(this.i64, hi, head, (tag << 32n) | BigInt(addr)) === head) {
        Atomics.add(this.i32, w + 2, 1);
        return;
      }
    }
  }
}

/** The smallest class that holds `size` words, or -1. */
function classOf(size: number): number {
  if (size <= 64) return (size >> 1) - 1;
  for (let c = 32; c < SIZE_CLASSES.length; c++) if (SIZE_CLASSES[c]! >= size) return c;
  return -1;
}
