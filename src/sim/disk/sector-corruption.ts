// Deterministic sector corruption: which bits flip is a hash of the sector's own
// bytes (TigerBeetle's trick), so re-reading a bad sector yields the same wrong
// bytes and a run replays exactly. Contract: the result always differs from the input
// when the input is non-empty.

/** FNV-1a, 32-bit. */
export function fnv1a32(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A copy of `sector` with 1–3 distinct bits flipped, chosen from the hash of its bytes. */
export function corruptSector(sector: Uint8Array): Uint8Array {
  const out = sector.slice();
  const bits = sector.length * 8;
  if (bits === 0) return out;
  let state = fnv1a32(sector) || 1;
  const next = (): number => {
    // xorshift32: a small deterministic stream from the hash.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  const flips = Math.min(bits, 1 + (next() % 3));
  const chosen = new Set<number>();
  while (chosen.size < flips) chosen.add(next() % bits);
  for (const bit of chosen) out[bit >> 3] ^= 1 << (bit & 7);
  return out;
}
