// A file's bytes in one growable Uint8Array (capacity doubles), so the WAL's many
// small appends cost amortised O(1). Contract: `length` is the file size; bytes
// past `length` are never observable; writing past the end zero-fills the gap.

export class FileBytes {
  private buf: Uint8Array;
  private len = 0;

  constructor(initial?: Uint8Array) {
    this.buf = new Uint8Array(Math.max(64, initial?.length ?? 0));
    if (initial) {
      this.buf.set(initial);
      this.len = initial.length;
    }
  }

  get length(): number {
    return this.len;
  }

  /** Writes `data` at `offset`, growing the file (zeros fill any hole). */
  writeAt(offset: number, data: Uint8Array): void {
    const end = offset + data.length;
    if (end > this.buf.length) {
      let cap = this.buf.length;
      while (cap < end) cap *= 2;
      const grown = new Uint8Array(cap);
      grown.set(this.buf.subarray(0, this.len));
      this.buf = grown;
    }
    // A hole between the old end and `offset` reads as zeros: files never shrink,
    // so bytes past `len` were never written and are still zero.
    this.buf.set(data, offset);
    if (end > this.len) this.len = end;
  }

  /** A copy of up to `length` bytes from `offset` (short at end of file, like pread). */
  read(offset: number, length: number): Uint8Array {
    const start = Math.min(offset, this.len);
    const end = Math.min(offset + length, this.len);
    return this.buf.slice(start, end);
  }

  /** A view of the live bytes; callers must not keep it across a write. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }

  clone(): FileBytes {
    return new FileBytes(this.view());
  }
}
