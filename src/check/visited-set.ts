// The WGL search's memo of visited (linearized set, model state) pairs. No cap
// on entries: it grows until its own bytes (the typed arrays it allocates plus
// what its caller reports, never measured from the host heap) would pass a
// budget, and then says so instead of forgetting. Deterministic.
// A linearized set is kept as the window of words from the first word not all
// ones to the last word not zero (before it every op is linearized, after it
// none), so entries stay a few words long however long the history is.

export const VISIT_SEEN = 0;
export const VISIT_ADDED = 1;
/** The pair is new but remembering it would pass the memory budget. */
export const VISIT_FULL = 2;
export type Visit = typeof VISIT_SEEN | typeof VISIT_ADDED | typeof VISIT_FULL;

export function mix32(x: number): number {
  let h = x ^ 0x9e3779b9;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export class VisitedSet {
  /** Open addressing: entry index + 1, 0 = empty; at most half full. */
  private slots = new Int32Array(1024);
  private entHash = new Int32Array(512);
  private entState = new Int32Array(512);
  private entStart = new Int32Array(512);
  private entLen = new Int32Array(512);
  private entOff = new Int32Array(512);
  private count = 0;
  private pool = new Int32Array(1024);
  private poolUsed = 0;
  /** Bytes the caller holds for the memo's sake (its interned states). */
  private extra = 0;
  /** The most bytes held at once. */
  peakBytes = 0;

  constructor(private readonly maxBytes: number) {
    this.peakBytes = this.bytes();
  }

  bytes(): number {
    return this.slots.byteLength + 5 * this.entHash.byteLength + this.pool.byteLength + this.extra;
  }

  /** Counts bytes held outside the set; false (nothing counted) when that would pass the budget. */
  reserve(bytes: number): boolean {
    if (this.bytes() + bytes > this.maxBytes) return false;
    this.extra += bytes;
    this.peakBytes = Math.max(this.peakBytes, this.bytes());
    return true;
  }

  size(): number {
    return this.count;
  }

  /**
   * Looks up (bits, stateId) and adds it when absent. `setHash` is any hash
   * of the linearized set that is equal for equal sets (a Zobrist xor);
   * `start` is the first word not all ones, `end` the last word not zero
   * (end < start when there is none).
   */
  visit(bits: Int32Array, setHash: number, stateId: number, start: number, end: number): Visit {
    const len = Math.max(0, end - start + 1);
    const hash = mix32(setHash ^ Math.imul(stateId + 1, 0x9e3779b1));
    let mask = this.slots.length - 1;
    let i = hash & mask;
    for (let s = this.slots[i]!; s !== 0; s = this.slots[i]!) {
      const e = s - 1;
      if (this.entHash[e] === hash && this.entState[e] === stateId && this.entStart[e] === start && this.entLen[e] === len && this.sameWords(e, bits, start, len)) return VISIT_SEEN;
      i = (i + 1) & mask;
    }
    if (!this.makeRoom(len)) return VISIT_FULL;
    if (mask !== this.slots.length - 1) {
      // The table grew: find the new empty slot.
      mask = this.slots.length - 1;
      i = hash & mask;
      while (this.slots[i] !== 0) i = (i + 1) & mask;
    }
    const e = this.count++;
    this.entHash[e] = hash;
    this.entState[e] = stateId;
    this.entStart[e] = start;
    this.entLen[e] = len;
    this.entOff[e] = this.poolUsed;
    for (let w = 0; w < len; w++) this.pool[this.poolUsed + w] = bits[start + w]!;
    this.poolUsed += len;
    this.slots[i] = e + 1;
    return VISIT_ADDED;
  }

  private sameWords(e: number, bits: Int32Array, start: number, len: number): boolean {
    const off = this.entOff[e]!;
    for (let w = 0; w < len; w++) if (this.pool[off + w] !== bits[start + w]) return false;
    return true;
  }

  /** Grows what must grow for one more entry of `len` words; false when the budget forbids it. */
  private makeRoom(len: number): boolean {
    const slotsNext = (this.count + 1) * 2 > this.slots.length ? this.slots.length * 2 : this.slots.length;
    const entNext = this.count + 1 > this.entHash.length ? this.entHash.length * 2 : this.entHash.length;
    let poolNext = this.pool.length;
    while (this.poolUsed + len > poolNext) poolNext *= 2;
    const after = this.bytes() + 4 * (slotsNext - this.slots.length) + 20 * (entNext - this.entHash.length) + 4 * (poolNext - this.pool.length);
    if (after > this.maxBytes) return false;
    if (entNext !== this.entHash.length) {
      this.entHash = grown(this.entHash, entNext);
      this.entState = grown(this.entState, entNext);
      this.entStart = grown(this.entStart, entNext);
      this.entLen = grown(this.entLen, entNext);
      this.entOff = grown(this.entOff, entNext);
    }
    if (poolNext !== this.pool.length) this.pool = grown(this.pool, poolNext);
    if (slotsNext !== this.slots.length) this.rehash(slotsNext);
    this.peakBytes = Math.max(this.peakBytes, this.bytes());
    return true;
  }

  private rehash(size: number): void {
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let e = 0; e < this.count; e++) {
      let i = this.entHash[e]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = e + 1;
    }
    this.slots = slots;
  }
}

function grown(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}
