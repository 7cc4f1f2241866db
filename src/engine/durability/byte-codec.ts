// Little-endian byte writer and reader for the on-disk formats (WAL records,
// run files, manifests). Contract: integers are exact up to 2^53 (stored as
// float64 where marked); the reader throws RangeError past the end, which
// decoders turn into "torn or corrupt" verdicts.

const utf8 = new TextEncoder();
const utf8d = new TextDecoder("utf-8", { fatal: true });

/** Scratch for float64 encoding: filled and copied out within one call, never across a yield. */
const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);
const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export class ByteWriter {
  // Bytes written by hand, without a DataView: a small Uint8Array lives on
  // V8's heap until its .buffer is read, which moves it off-heap (most of a
  // writer's cost when each WAL record built a DataView on a fresh one).
  private buf = new Uint8Array(64);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  u8(v: number): this {
    this.room(1);
    this.buf[this.length++] = v;
    return this;
  }
  u32(v: number): this {
    this.room(4);
    this.setU32(this.length, v);
    this.length += 4;
    return this;
  }
  /** An integer in [0, 2^53], as a float64 (little-endian, as DataView.setFloat64(.., true) wrote it). */
  num(v: number): this {
    this.room(8);
    f64[0] = v;
    const b = this.buf;
    const at = this.length;
    for (let i = 0; i < 8; i++) b[at + i] = f64Bytes[littleEndian ? i : 7 - i]!;
    this.length += 8;
    return this;
  }
  bytes(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }
  /** A u32 byte length, then the UTF-8 bytes; ASCII (keys, most values) is copied without an encoder call. */
  str(s: string): this {
    const n = s.length;
    for (let i = 0; i < n; i++) {
      if (s.charCodeAt(i) > 0x7f) {
        const b = utf8.encode(s);
        return this.u32(b.length).bytes(b);
      }
    }
    this.u32(n);
    this.room(n);
    const b = this.buf;
    const at = this.length;
    for (let i = 0; i < n; i++) b[at + i] = s.charCodeAt(i);
    this.length += n;
    return this;
  }
  /** Patches a u32 written earlier (for length prefixes); little-endian. */
  setU32(at: number, v: number): void {
    const b = this.buf;
    b[at] = v;
    b[at + 1] = v >>> 8;
    b[at + 2] = v >>> 16;
    b[at + 3] = v >>> 24;
  }
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

export class ByteReader {
  private readonly view: DataView;
  /**
   * `lenient` reads like a decoder that trusts its input (the
   * torn-wal-tail-accepted defect): past the end, numbers read as 0 and
   * strings are cut short instead of failing.
   */
  constructor(readonly buf: Uint8Array, public pos = 0, readonly end = buf.length, readonly lenient = false) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  /** False (lenient only) when the `n` bytes are not all there. */
  private need(n: number): boolean {
    if (this.pos + n <= this.end) return true;
    if (this.lenient) return false;
    throw new RangeError(`need ${n} bytes at ${this.pos}, have ${this.end - this.pos}`);
  }
  u8(): number {
    if (!this.need(1)) return 0;
    return this.buf[this.pos++]!;
  }
  u32(): number {
    if (!this.need(4)) return (this.pos = this.end), 0;
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  num(): number {
    if (!this.need(8)) return (this.pos = this.end), 0;
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`expected an integer >= 0 at ${this.pos - 8}, got ${v}`);
    return v;
  }
  str(): string {
    const n = this.u32();
    const take = this.need(n) ? n : this.end - this.pos;
    const bytes = this.buf.subarray(this.pos, this.pos + take);
    this.pos += take;
    return this.lenient ? new TextDecoder().decode(bytes) : utf8d.decode(bytes);
  }
  get remaining(): number {
    return this.end - this.pos;
  }
}
