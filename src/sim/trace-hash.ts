// A streaming 64-bit FNV-1a hash over every decision and event of a run.
// Two 32-bit lanes with Math.imul keep it fast and exact in plain JS numbers.
// Contract: same sequence of add* calls ⇒ same digest, on every platform.

const PRIME_LO = 0x1b3; // FNV-64 prime is 0x100000001b3
const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;

export class TraceHash {
  // The lanes, as signed 32-bit values: V8 keeps int32 arithmetic unboxed,
  // while an unsigned lane above 2^31 is a double (boxed per byte in fields,
  // most of the old cost). digest() reads them unsigned. Hot loops use locals.
  private hi = OFFSET_HI | 0;
  private lo = OFFSET_LO | 0;

  /** Adds a 32-bit integer (any JS integer is folded to its low 32 bits plus a high part). */
  addInt(n: number): this {
    this.bytes4(n | 0);
    // An int32 (a tid, most of what is added) has no high part: floor(n / 2^32) is 0 or -1.
    if ((n | 0) === n) return this;
    const high = Math.floor(n / 0x100000000) | 0;
    if (high !== 0 && high !== -1) {
      this.bytes1(0xfe);
      this.bytes4(high);
    }
    return this;
  }

  addString(s: string): this {
    let hi = this.hi;
    let lo = this.lo;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      // One FNV-1a byte, as in bytes1 below (kept inline: this loop is the hot one).
      let x = lo ^ (c & 0xff);
      let p = (x & 0xffff) * PRIME_LO;
      let ph = (x >>> 16) * PRIME_LO + (p >>> 16);
      lo = ((ph & 0xffff) << 16) | (p & 0xffff);
      hi = (Math.imul(hi, PRIME_LO) + (ph >>> 16) + (x << 8)) | 0;
      if (c > 0xff) {
        x = lo ^ ((c >>> 8) & 0xff);
        p = (x & 0xffff) * PRIME_LO;
        ph = (x >>> 16) * PRIME_LO + (p >>> 16);
        lo = ((ph & 0xffff) << 16) | (p & 0xffff);
        hi = (Math.imul(hi, PRIME_LO) + (ph >>> 16) + (x << 8)) | 0;
      }
    }
    this.hi = hi;
    this.lo = lo;
    this.bytes1(0); // terminator so "ab"+"c" differs from "a"+"bc"
    return this;
  }

  /** 16 hex digits. */
  digest(): string {
    return (this.hi >>> 0).toString(16).padStart(8, "0") + (this.lo >>> 0).toString(16).padStart(8, "0");
  }

  /** The four bytes of `v`, low first. */
  private bytes4(v: number): void {
    let hi = this.hi;
    let lo = this.lo;
    for (let k = 0; k < 32; k += 8) {
      const x = lo ^ ((v >>> k) & 0xff);
      const p = (x & 0xffff) * PRIME_LO;
      const ph = (x >>> 16) * PRIME_LO + (p >>> 16);
      lo = ((ph & 0xffff) << 16) | (p & 0xffff);
      hi = (Math.imul(hi, PRIME_LO) + (ph >>> 16) + (x << 8)) | 0;
    }
    this.hi = hi;
    this.lo = lo;
  }

  /**
   * One byte: lo ^= b, then (hi:lo) *= 0x100000001b3 mod 2^64, which is
   * (hi:lo) * 0x1b3 + (lo << 40); lo * 0x1b3 is split in 16-bit halves to stay exact.
   */
  private bytes1(b: number): void {
    const x = this.lo ^ (b & 0xff);
    const p = (x & 0xffff) * PRIME_LO;
    const ph = (x >>> 16) * PRIME_LO + (p >>> 16);
    this.lo = ((ph & 0xffff) << 16) | (p & 0xffff);
    this.hi = (Math.imul(this.hi, PRIME_LO) + (ph >>> 16) + (x << 8)) | 0;
  }
}
