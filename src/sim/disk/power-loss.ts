// What reaches the platters when the power goes: a seeded prefix of the unsynced
// writes (in order), the last of which may be torn at a sector boundary, and a
// seeded prefix of the un-dir-synced entry ops. Contract: pure decisions from the
// given Rng; with zero probabilities nothing unsynced survives.
import type { Rng } from "../rng.js";

/** An unsynced write, with its own copy of the bytes. */
export interface PendingWrite {
  readonly offset: number;
  readonly data: Uint8Array;
}

/** How many of `count` ordered items survive, each with probability `p` given the one before did. */
export function survivingPrefix(count: number, p: number, rng: Rng): number {
  let n = 0;
  while (n < count && rng.chance(p)) n++;
  return n;
}

export interface ReachedDisk {
  /** The writes (the last possibly cut short) that reached the disk, in order. */
  readonly writes: PendingWrite[];
  readonly torn: boolean;
}

/** Decides which of a file's unsynced writes reached the disk. */
export function writesThatReachedDisk(
  pending: readonly PendingWrite[],
  survivalProbability: number,
  tornProbability: number,
  sectorBytes: number,
  rng: Rng,
): ReachedDisk {
  const n = survivingPrefix(pending.length, survivalProbability, rng);
  const writes = pending.slice(0, n);
  const last = writes[n - 1];
  if (last === undefined) return { writes, torn: false };
  const cuts = sectorCutsInside(last.offset, last.data.length, sectorBytes);
  if (cuts.length === 0 || !rng.chance(tornProbability)) return { writes, torn: false };
  const cut = cuts[rng.int(cuts.length)]!;
  writes[n - 1] = { offset: last.offset, data: last.data.subarray(0, cut - last.offset) };
  return { writes, torn: true };
}

/** File offsets that are sector boundaries strictly inside [offset, offset + length). */
export function sectorCutsInside(offset: number, length: number, sectorBytes: number): number[] {
  const cuts: number[] = [];
  const end = offset + length;
  for (let b = (Math.floor(offset / sectorBytes) + 1) * sectorBytes; b < end; b += sectorBytes) cuts.push(b);
  return cuts;
}
