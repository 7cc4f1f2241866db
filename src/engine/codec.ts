// Strings to arena words and back: UTF-8 bytes packed four per 32-bit word
// (little end first), plus the FNV-1a hash the key index buckets by.
// Contract: decode(encode(s)) === s for every string; pure, no shared state.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface EncodedText {
  readonly bytes: Uint8Array;
  readonly words: Int32Array;
}

export function encodeText(s: string): EncodedText {
  // ASCII (keys, most values) is its own UTF-8: copied without an encoder call.
  const n = s.length;
  let ascii = true;
  for (let i = 0; i < n && ascii; i++) ascii = s.charCodeAt(i) <= 0x7f;
  const bytes = ascii ? asciiBytes(s) : encoder.encode(s);
  const words = new Int32Array(Math.ceil(bytes.length / 4));
  for (let i = 0; i < bytes.length; i++) words[i >> 2]! |= bytes[i]! << ((i & 3) * 8);
  return { bytes, words };
}

function asciiBytes(s: string): Uint8Array {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
}

export function decodeText(words: ArrayLike<number>, byteLen: number): string {
  const bytes = new Uint8Array(byteLen);
  for (let i = 0; i < byteLen; i++) bytes[i] = (words[i >> 2]! >>> ((i & 3) * 8)) & 0xff;
  return decoder.decode(bytes);
}

export function wordsFor(byteLen: number): number {
  return Math.ceil(byteLen / 4);
}

/** FNV-1a over the bytes, as an unsigned 32-bit integer. */
export function hashBytes(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** True when the words hold exactly these bytes. */
export function sameText(words: ArrayLike<number>, byteLen: number, key: EncodedText): boolean {
  if (byteLen !== key.bytes.length) return false;
  for (let i = 0; i < key.words.length; i++) if ((words[i]! | 0) !== key.words[i]) return false;
  return true;
}
