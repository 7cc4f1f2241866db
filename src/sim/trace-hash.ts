// A streaming 64-bit FNV-1a hash over every decision and event of a run.
// Two 32-bit lanes with Math.imul keep it fast and exact in plain JS numbers.
// Contract: same sequence of add* calls ⇒ same digest, on every platform.

const PRIME_LO = 0x1b3; // FNV-64 prime is 0x100000001b3
const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;

export class TraceHash {
  private hi = OFFSET_HI;
  private lo = OFFSET_LO;

  private byte(b: number): void {
    this.lo ^= b & 0xff;
    // (hi:lo) * 0x100000001b3 mod 2^64 = (hi:lo) * 0x1b3 + (lo << 40)
    const loProd = (this.lo & 0xffff) * PRIME_LO;
    const loProdHigh = (this.lo >>> 16) * PRIME_LO + (loProd >>> 16);
    const newLo = ((loProdHigh & 0xffff) << 16) | (loProd & 0xffff);
    const carry = Math.floor(loProdHigh / 0x10000);
    const newHi = (Math.imul(this.hi, PRIME_LO) + carry + (this.lo << 8)) | 0;
    this.lo = newLo >>> 0;
    this.hi = newHi >>> 0;
  }

  /** Adds a 32-bit integer (any JS integer is folded to its low 32 bits plus a high part). */
  addInt(n: number): this {
    const low = n | 0;
    this.byte(low);
    this.byte(low >>> 8);
    this.byte(low >>> 16);
    this.byte(low >>> 24);
    const high = Math.floor(n / 0x100000000) | 0;
    if (high !== 0 && high !== -1) {
      this.byte(0xfe);
      this.byte(high);
      this.byte(high >>> 8);
      this.byte(high >>> 16);
      this.byte(high >>> 24);
    }
    return this;
  }

  addString(s: string): this {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      this.byte(c);
      if (c > 0xff) this.byte(c >>> 8);
    }
    this.byte(0); // terminator so "ab"+"c" differs from "a"+"bc"
    return this;
  }

  /** 16 hex digits. */
  digest(): string {
    return this.hi.toString(16).padStart(8, "0") + this.lo.toString(16).padStart(8, "0");
  }
}
