// Bytes in the shared arena: a byte string packed four to a 32-bit word (little
// endian), so that records and key batches handed between threads live in
// shared memory and work the same when threads are real workers.
// Contract: readBytes(writeBytes(b)) = b; the block is immutable once published.
import type { Addr, Gen, Memory } from "../ports.js";

export function wordsFor(byteLen: number): number {
  return Math.max(1, Math.ceil(byteLen / 4));
}

/** Allocates a block and fills it with `bytes` (not yet visible to anyone). */
export function* allocBytes(mem: Memory, bytes: Uint8Array, label: string): Gen<Addr> {
  const n = wordsFor(bytes.length);
  const addr = yield* mem.alloc(n + (n % 2), label);
  const words = new Int32Array(n);
  new Uint8Array(words.buffer).set(bytes);
  yield* mem.write(addr, words, label);
  return addr;
}

export function* readBytes(mem: Memory, addr: Addr, byteLen: number, label: string): Gen<Uint8Array> {
  const words = yield* mem.read(addr, wordsFor(byteLen), label);
  // One copy of the first byteLen bytes (was three), into a buffer of its own.
  return new Uint8Array(words.buffer, words.byteOffset, byteLen).slice();
}
