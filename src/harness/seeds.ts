// The seeds of a run and their split into shards. `--seeds N` runs the first N
// seeds derived from a master seed (splitmix64 of master + index, so seed lists
// of different masters do not overlap in practice and any seed replays alone);
// `--seed S` runs exactly S. `--shard i/n` keeps the seeds whose index mod n is
// i-1: interleaved, so each shard gets a fair share of slow and fast scenarios.
// Contract: pure functions; the n shards of a list partition it exactly.

const MASK = (1n << 64n) - 1n;
const GOLDEN = 0x9e3779b97f4a7c15n;

/** splitmix64 finaliser: a bijection on 64-bit integers. */
export function mix64(x: bigint): bigint {
  let z = x & MASK;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
  return z ^ (z >> 31n);
}

/** Seed number `index` (from 0) of the list derived from `master`. */
export function derivedSeed(master: bigint, index: number): bigint {
  return mix64((master + BigInt(index + 1) * GOLDEN) & MASK);
}

export type SeedPlan =
  /** Exactly these seeds (`--seed S`, repeatable). */
  | { readonly kind: "explicit"; readonly seeds: readonly bigint[] }
  /** The first `count` seeds derived from `master` (`--seeds N`, the gate). */
  | { readonly kind: "derived"; readonly master: bigint; readonly count: number };

/** One seed of a run, with its index in the unsharded list (stable across shards). */
export interface PlannedSeed {
  readonly index: number;
  readonly seed: bigint;
}

export function seedList(plan: SeedPlan): PlannedSeed[] {
  if (plan.kind === "explicit") return plan.seeds.map((seed, index) => ({ index, seed }));
  const out: PlannedSeed[] = [];
  for (let index = 0; index < plan.count; index++) out.push({ index, seed: derivedSeed(plan.master, index) });
  return out;
}

export interface Shard {
  /** 1-based, as written on the command line. */
  readonly index: number;
  readonly count: number;
}

export const WHOLE: Shard = { index: 1, count: 1 };

/** Parses `i/n` with 1 <= i <= n; returns an error string otherwise. */
export function parseShard(text: string): Shard | string {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return `expected a shard as i/n (e.g. 2/4), got "${text}"`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) return `expected 1 <= i <= n in shard i/n, got "${text}"`;
  return { index, count };
}

export function formatShard(s: Shard): string {
  return `${s.index}/${s.count}`;
}

/** The seeds of `list` that belong to `shard`: those whose index mod n is i-1. */
export function shardSlice<T extends { readonly index: number }>(list: readonly T[], shard: Shard): T[] {
  if (shard.count === 1) return list.slice();
  return list.filter((s) => s.index % shard.count === shard.index - 1);
}
