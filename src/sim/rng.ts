// Seeded random streams. One seed, many independent streams: `fork(label)`
// derives a child from the seed and the label path only, never from how much
// the parent has been consumed, so adding a fault never shifts the workload.
import seedrandom from "seedrandom";

const MAX_SEED = (1n << 64n) - 1n;

/** Parses a seed given as decimal or 0x-hex, up to 64 bits. Returns an error string if invalid. */
export function parseSeed(text: string): bigint | string {
  const t = text.trim();
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(t)) return `expected a decimal or 0x-hex seed, got "${text}"`;
  const v = BigInt(t);
  if (v > MAX_SEED) return `seed ${text} does not fit in 64 bits`;
  return v;
}

export function formatSeed(seed: bigint): string {
  return seed.toString(10);
}

export class Rng {
  private readonly prng: seedrandom.PRNG;

  /** `path` names the stream, e.g. "12345/faults/disk". */
  constructor(readonly seed: bigint, readonly path: string = formatSeed(seed)) {
    this.prng = seedrandom.alea(path);
  }

  /** An independent stream for a labelled consumer. */
  fork(label: string): Rng {
    return new Rng(this.seed, `${this.path}/${label}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.prng() * n);
  }

  /** Uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return p > 0 && this.prng() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Rng.pick on an empty list");
    return items[this.int(items.length)]!;
  }

  /** A 32-bit unsigned integer. */
  u32(): number {
    return this.prng.int32() >>> 0;
  }

  /** Fisher-Yates shuffle of a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}
