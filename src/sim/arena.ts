// The simulated shared memory arena: 32-bit words (one thread of the host runs
// every simulated thread, so a plain ArrayBuffer serves), with 64-bit
// pairs at even addresses. Blocks are allocated and freed; a freed block is
// poisoned and parked in a quarantine before reuse, so an access through a
// stale pointer is caught as use-after-free with both sites named.
// Contract: every access goes through `check` (or its fast path `isLive`);
// the arena never returns data from a freed or never-allocated word. Memory
// is committed as the bump pointer reaches it (doubling, up to `words`), so a
// run pays for the words it uses, not the arena's size; addresses, and so
// every run, are the same as with the whole arena committed up front.
import { ArenaFullError, type AtomicOp } from "../engine/ports.js";
import type { Site } from "../history/events.js";

const UNALLOCATED = 0;
const LIVE = 1;
const FREED = 2;

export interface BlockInfo {
  readonly addr: number;
  readonly words: number;
  readonly allocSite: Site;
  freeSite?: Site;
}

/** A bad access, described for the violation report. */
export interface BadAccess {
  readonly kind: "use-after-free" | "wild-access" | "double-free" | "bad-free";
  readonly addr: number;
  readonly op: AtomicOp;
  readonly site: Site;
  readonly block?: BlockInfo;
}

export class BadAccessError extends Error {
  override readonly name = "BadAccessError";
  constructor(readonly access: BadAccess) {
    super(`${access.kind} at word ${access.addr} (${access.op})`);
  }
}

export interface ArenaOptions {
  /** Arena size in 32-bit words (even). */
  readonly words: number;
  /** Words [0, reservedWords) are live from the start: the engine's root header. */
  readonly reservedWords: number;
  /** Freed words held poisoned before they may be reused. */
  readonly quarantineWords: number;
}

/** Words committed at construction (or all of them, if fewer); more on demand. */
const INITIAL_COMMITTED_WORDS = 1024;

export class Arena {
  /** The committed words; replaced (contents copied) when the arena grows. */
  buffer: ArrayBuffer;
  i32: Int32Array;
  private i64: BigInt64Array;
  // invariant: state, owner and i32 have the same length (the committed words); words past it are unallocated.
  private state: Uint8Array;
  /** 1 + start address of the block each word belongs to (0: none), for reports. */
  private owner: Int32Array;
  private readonly blocks = new Map<number, BlockInfo>();
  private readonly freeLists = new Map<number, number[]>();
  private readonly quarantine: BlockInfo[] = [];
  private quarantineHead = 0;
  private quarantined = 0;
  private bump: number;
  liveWords = 0;

  constructor(readonly options: ArenaOptions) {
    if (options.words % 2 !== 0) throw new Error("arena size must be even");
    const reserved = options.reservedWords + (options.reservedWords % 2);
    const committed = Math.min(options.words, Math.max(INITIAL_COMMITTED_WORDS, reserved));
    this.buffer = this.i32 = this.i64 = this.owner = this.state = undefined!;
    this.commitWords(committed);
    this.state.fill(LIVE, 0, reserved);
    this.bump = reserved;
  }

  /** Words backed by memory now (grows as blocks are allocated, never past `words`). */
  get committedWords(): number {
    return this.state.length;
  }

  /** True if [addr, addr+count) is live: `check` without building a report. */
  isLive(addr: number, count: number): boolean {
    const state = this.state;
    // A non-integer or out-of-range address reads undefined, which is not LIVE.
    if (!(addr >= 0) || addr + count > state.length) return false;
    for (let a = addr, end = addr + count; a < end; a++) if (state[a] !== LIVE) return false;
    return true;
  }

  get words(): number {
    return this.options.words;
  }

  /** Throws BadAccessError unless [addr, addr+count) is live. */
  check(addr: number, count: number, op: AtomicOp, site: Site): void {
    if (!Number.isInteger(addr) || addr < 0 || addr + count > this.options.words) {
      throw new BadAccessError({ kind: "wild-access", addr, op, site });
    }
    for (let a = addr; a < addr + count; a++) {
      const s = this.state[a];
      if (s !== LIVE) {
        const block = s === FREED ? this.blocks.get(this.owner[a]! - 1) : undefined;
        throw new BadAccessError({ kind: s === FREED ? "use-after-free" : "wild-access", addr: a, op, site, block });
      }
    }
  }

  load(addr: number): number {
    return Atomics.load(this.i32, addr);
  }
  store(addr: number, v: number): void {
    Atomics.store(this.i32, addr, v);
  }
  cas(addr: number, expected: number, desired: number): number {
    return Atomics.compareExchange(this.i32, addr, expected | 0, desired | 0);
  }
  add(addr: number, delta: number): number {
    return Atomics.add(this.i32, addr, delta);
  }
  load64(addr: number): number {
    return Number(Atomics.load(this.i64, addr >> 1));
  }
  store64(addr: number, v: number): void {
    Atomics.store(this.i64, addr >> 1, toBig(v));
  }
  cas64(addr: number, expected: number, desired: number): number {
    return Number(Atomics.compareExchange(this.i64, addr >> 1, toBig(expected), toBig(desired)));
  }
  add64(addr: number, delta: number): number {
    return Number(Atomics.add(this.i64, addr >> 1, toBig(delta)));
  }

  /** Allocates `words` zeroed words at an even address. */
  alloc(words: number, site: Site): number {
    const size = Math.max(2, words + (words % 2));
    let addr = this.takeFree(size);
    if (addr < 0 && this.bump + size <= this.options.words) {
      addr = this.bump;
      this.bump += size;
      if (this.bump > this.state.length) this.commit(this.bump);
    }
    if (addr < 0) {
      this.drainQuarantine(0);
      addr = this.takeFree(size);
    }
    if (addr < 0) throw new ArenaFullError(words, this.freeWords());
    this.i32.fill(0, addr, addr + size);
    this.state.fill(LIVE, addr, addr + size);
    this.owner.fill(addr + 1, addr, addr + size);
    this.blocks.set(addr, { addr, words: size, allocSite: site });
    this.liveWords += size;
    return addr;
  }

  free(addr: number, site: Site): void {
    const block = this.blocks.get(addr);
    if (!block || block.freeSite) {
      throw new BadAccessError({
        kind: block ? "double-free" : this.state[addr] === FREED ? "double-free" : "bad-free",
        addr,
        op: "free",
        site,
        block: block ?? this.blockAt(addr),
      });
    }
    block.freeSite = site;
    this.state.fill(FREED, addr, addr + block.words);
    this.i32.fill(0x5eadbeef, addr, addr + block.words);
    this.liveWords -= block.words;
    this.quarantine.push(block);
    this.quarantined += block.words;
    this.drainQuarantine(this.options.quarantineWords);
  }

  /** The block containing `addr`, live or freed, if any. */
  blockAt(addr: number): BlockInfo | undefined {
    const start = this.owner[addr];
    return start === undefined || start === 0 ? undefined : this.blocks.get(start - 1);
  }

  freeWords(): number {
    let n = this.options.words - this.bump;
    for (const [size, list] of this.freeLists) n += size * list.length;
    return n + this.quarantined;
  }

  /** Raw read for readiness checks: no scheduling point, no poisoning check. */
  peek(addr: number): number {
    return this.i32[addr] ?? 0;
  }

  /** Commits at least `needed` words: doubling, at most `words`; contents and metadata carry over. */
  private commit(needed: number): void {
    this.commitWords(Math.min(this.options.words, Math.max(needed, this.state.length * 2)));
  }

  /**
   * One buffer holds the words, then the owners, then the states: one
   * allocation per arena (or growth) instead of three.
   */
  private commitWords(words: number): void {
    const buffer = new ArrayBuffer(words * 9);
    const i32 = new Int32Array(buffer, 0, words);
    const owner = new Int32Array(buffer, words * 4, words);
    const state = new Uint8Array(buffer, words * 8, words);
    if (this.state) {
      i32.set(this.i32);
      owner.set(this.owner);
      state.set(this.state);
    }
    this.buffer = buffer;
    this.i32 = i32;
    this.i64 = new BigInt64Array(buffer, 0, words >> 1);
    this.state = state;
    this.owner = owner;
  }

  private takeFree(size: number): number {
    const list = this.freeLists.get(size);
    return list && list.length > 0 ? list.pop()! : -1;
  }

  private drainQuarantine(limit: number): void {
    while (this.quarantined > limit && this.quarantineHead < this.quarantine.length) {
      const b = this.quarantine[this.quarantineHead++]!;
      this.quarantined -= b.words;
      this.blocks.delete(b.addr);
      this.state.fill(UNALLOCATED, b.addr, b.addr + b.words);
      this.owner.fill(0, b.addr, b.addr + b.words);
      let list = this.freeLists.get(b.words);
      if (!list) this.freeLists.set(b.words, (list = []));
      list.push(b.addr);
    }
    if (this.quarantineHead > 1024 && this.quarantineHead * 2 > this.quarantine.length) {
      this.quarantine.splice(0, this.quarantineHead);
      this.quarantineHead = 0;
    }
  }
}

function toBig(v: number): bigint {
  if (!Number.isSafeInteger(v)) throw new RangeError(`64-bit arena value ${v} is not a safe integer`);
  return BigInt(v);
}
