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
    this.text(s);
    this.bytes1(0); // terminator so "ab"+"c" differs from "a"+"bc"
    return this;
  }

  /**
   * Exactly `addString(JSON.stringify(value))` for JSON data (plain objects,
   * arrays, strings, numbers, booleans, null; undefined, functions and symbols
   * dropped or nulled as JSON does; toJSON applied), without building the
   * string: the text is hashed as it is walked. Anything else (a class
   * instance, a boxed primitive) is hashed from JSON.stringify of it. A
   * history event is hashed this way, once per event (issue #14: the
   * stringify was ~4% of the gate).
   */
  addJson(value: object): this {
    this.json(toJson(value, ""));
    this.bytes1(0); // terminator, as addString
    return this;
  }

  /** `v` after toJSON, which JSON emits (not undefined, a function or a symbol). */
  private json(v: unknown): void {
    switch (typeof v) {
      case "string":
        this.jsonString(v);
        return;
      case "number":
        if ((v | 0) === v) this.int32(v);
        else this.text(Number.isFinite(v) ? String(v) : "null");
        return;
      case "boolean":
        this.text(v ? "true" : "false");
        return;
      case "object":
        break;
      default:
        // A bigint: JSON.stringify throws its TypeError.
        this.text(JSON.stringify(v));
        return;
    }
    if (v === null) {
      this.text("null");
      return;
    }
    if (Array.isArray(v)) {
      this.bytes1(0x5b); // [
      for (let i = 0; i < v.length; i++) {
        if (i > 0) this.bytes1(0x2c); // ,
        const x = toJson(v[i], i);
        if (x === undefined || typeof x === "function" || typeof x === "symbol") this.text("null");
        else this.json(x);
      }
      this.bytes1(0x5d); // ]
      return;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      this.text(JSON.stringify(v));
      return;
    }
    const o = v as Record<string, unknown>;
    this.bytes1(0x7b); // {
    let first = true;
    for (const k in o) {
      // for-in also walks inherited enumerable keys, which JSON skips.
      if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
      const x = toJson(o[k], k);
      if (x === undefined || typeof x === "function" || typeof x === "symbol") continue;
      if (!first) this.bytes1(0x2c); // ,
      first = false;
      this.jsonString(k);
      this.bytes1(0x3a); // :
      this.json(x);
    }
    this.bytes1(0x7d); // }
  }

  /**
   * A JSON string literal: quoted as is when JSON escapes none of its
   * characters (event strings are short: the scan is cheap), else
   * JSON.stringify's text.
   */
  private jsonString(s: string): void {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      // Escaped (control, quote, backslash, lone surrogate) or two bytes: the slow path.
      if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0xff) {
        this.text(JSON.stringify(s));
        return;
      }
    }
    this.bytes1(0x22); // "
    this.text(s);
    this.bytes1(0x22); // "
  }

  /** The decimal digits of an int32, as String(n) writes them ("0" for -0). */
  private int32(n: number): void {
    if (n < 0) {
      this.bytes1(0x2d); // -
      n = -n; // up to 2^31: still exact
    }
    let div = 1;
    while (div * 10 <= n) div *= 10;
    for (; div >= 1; div /= 10) {
      const d = Math.floor(n / div);
      this.bytes1(0x30 + d);
      n -= d * div;
    }
  }

  /** The characters of `s` (no terminator), as addString hashes them. */
  private text(s: string): void {
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

/** JSON's first step for a property value: an object's toJSON(key), if it has one. */
function toJson(v: unknown, key: string | number): unknown {
  if (typeof v === "object" && v !== null) {
    const f = (v as { toJSON?: unknown }).toJSON;
    if (typeof f === "function") return (f as (k: string) => unknown).call(v, String(key));
  }
  return v;
}
