// The shared memory arena: 32-bit words in a SharedArrayBuffer, with 64-bit
// pairs at even addresses. Blocks are allocated and freed; a freed block is
// poisoned and parked in a quarantine before reuse, so an access through a
// stale pointer is caught as use-after-free with both sites named.
// Contract: every access goes through `check`; the arena never returns data
// from a freed or never-allocated word.
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

export class Arena {
  readonly buffer: SharedArrayBuffer;
  readonly i32: Int32Array;
  private readonly i64: BigInt64Array;
  private readonly state: Uint8Array;
  /** Start address of the block each word belongs to (for reports). */
  private readonly owner: Int32Array;
  private readonly blocks = new Map<number, BlockInfo>();
  private readonly freeLists = new Map<number, number[]>();
  private readonly quarantine: BlockInfo[] = [];
  private quarantineHead = 0;
  private quarantined = 0;
  private bump: number;
  liveWords = 0;

  constructor(readonly options: ArenaOptions) {
    if (options.words % 2 !== 0) throw new Error("arena size must be even");
    this.buffer = new SharedArrayBuffer(options.words * 4);
    this.i32 = new Int32Array(this.buffer);
    this.i64 = new BigInt64Array(this.buffer);
    this.state = new Uint8Array(options.words);
    this.owner = new Int32Array(options.words).fill(-1);
    const reserved = options.reservedWords + (options.reservedWords % 2);
    this.state.fill(LIVE, 0, reserved);
    this.bump = reserved;
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
        const block = s === FREED ? this.blocks.get(this.owner[a]!) : undefined;
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
    }
    if (addr < 0) {
      this.drainQuarantine(0);
      addr = this.takeFree(size);
    }
    if (addr < 0) throw new ArenaFullError(words, this.freeWords());
    this.i32.fill(0, addr, addr + size);
    this.state.fill(LIVE, addr, addr + size);
    this.owner.fill(addr, addr, addr + size);
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
        block: block ?? this.blocks.get(this.owner[addr] ?? -1),
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
    return start === undefined || start < 0 ? undefined : this.blocks.get(start);
  }

  freeWords(): number {
    let n = this.options.words - this.bump;
    for (const [size, list] of this.freeLists) n += size * list.length;
    return n + this.quarantined;
  }

  /** Raw read for readiness checks: no scheduling point, no poisoning check. */
  peek(addr: number): number {
    return this.i32[addr]!;
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
      this.owner.fill(-1, b.addr, b.addr + b.words);
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
