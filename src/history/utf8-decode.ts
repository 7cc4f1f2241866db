// A history file's bytes to text: strict UTF-8 (a malformed byte is refused,
// never replaced by U+FFFD, which would silently change a key or a value).
// Contract: returns the text, or one line "file:line: ..." naming the first bad byte.

export type DecodeResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: string };

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence (RFC 3629), or -1. */
export function firstBadUtf8Byte(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0; // overlong
      if (c === 0xed) hi = 0x9f; // surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90; // overlong
      if (c === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined) return i;
      if (k === 1 ? d < lo || d > hi : d < 0x80 || d > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

export function decodeUtf8(bytes: Uint8Array, file: string): DecodeResult {
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    const at = firstBadUtf8Byte(bytes);
    if (at < 0) return { ok: false, error: `${file}:1: not UTF-8` }; // the decoder and this scan disagree: still refuse
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at; i++) {
      if (bytes[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    const shown = `0x${bytes[at]!.toString(16).padStart(2, "0")}`;
    return { ok: false, error: `${file}:${line}: not UTF-8: byte ${shown} at byte ${at - lineStart + 1} of the line is not part of a valid UTF-8 sequence` };
  }
}
