// Typed options of the simulated disk, units and qualifiers in the names, with
// defaults that model a realistic disk and a `STRICT_DISK` preset for directed
// tests. Contract: `resolveDiskOptions` returns complete, validated options or
// throws one line naming the field and what was expected.

/** A sector aimed at by a fault plan: reads of it through `path` come back corrupted. */
export interface AimedSector {
  readonly path: string;
  /** Sector index within the file: byte offset / sectorBytes. */
  readonly sector: number;
}

export interface DiskOptions {
  /** Atomic write unit; a torn write is cut at a multiple of it. */
  readonly sectorBytes: number;
  /** Total bytes of live files; a write that would grow past it fails with ENOSPC. */
  readonly capacityBytes: number;
  /** At power loss, chance that each unsynced write reached the disk, given the one before it did. */
  readonly unsyncedWriteSurvivalProbability: number;
  /** At power loss, chance that the last write that reached the disk is torn at a sector boundary. */
  readonly tornWriteProbability: number;
  /** At power loss, chance that each un-dir-synced create/rename/unlink survives, given the one before it did. */
  readonly unsyncedEntryOpSurvivalProbability: number;
  /** Chance that a write fails with EIO (and has no effect). */
  readonly writeEioProbabilityPerOp: number;
  /** Chance that an fsync fails with EIO (and its unsynced writes are lost to the disk). */
  readonly fsyncEioProbabilityPerOp: number;
  /** Chance that a read finds one latent bad sector in its range (it stays bad until rewritten). */
  readonly corruptSectorProbabilityPerRead: number;
  /** Sectors that always read back corrupted. */
  readonly corruptSectors: readonly AimedSector[];
  /** Simulated time a read takes (also size and list: 0). */
  readonly readLatencyUs: number;
  /** Simulated time a write, rename or unlink takes. */
  readonly writeLatencyUs: number;
  /** Simulated time an fsync or directory fsync takes; durability happens when it ends. */
  readonly fsyncLatencyUs: number;
}

export const DEFAULT_DISK_OPTIONS: DiskOptions = {
  sectorBytes: 512,
  capacityBytes: 1 << 30,
  // Writeback flushes dirty pages in the background, so some unsynced writes
  // usually reach the platters before the power goes.
  unsyncedWriteSurvivalProbability: 0.5,
  tornWriteProbability: 0.25,
  unsyncedEntryOpSurvivalProbability: 0.5,
  writeEioProbabilityPerOp: 0,
  fsyncEioProbabilityPerOp: 0,
  corruptSectorProbabilityPerRead: 0,
  corruptSectors: [],
  readLatencyUs: 2,
  writeLatencyUs: 2,
  fsyncLatencyUs: 1000,
};

/** Nothing that was not synced survives power loss: for directed tests. */
export const STRICT_DISK: Partial<DiskOptions> = {
  unsyncedWriteSurvivalProbability: 0,
  tornWriteProbability: 0,
  unsyncedEntryOpSurvivalProbability: 0,
};

const PROBABILITIES = [
  "unsyncedWriteSurvivalProbability",
  "tornWriteProbability",
  "unsyncedEntryOpSurvivalProbability",
  "writeEioProbabilityPerOp",
  "fsyncEioProbabilityPerOp",
  "corruptSectorProbabilityPerRead",
] as const;

const NON_NEGATIVE = ["capacityBytes", "readLatencyUs", "writeLatencyUs", "fsyncLatencyUs"] as const;

/** Merges `partial` over the defaults and validates every field. */
export function resolveDiskOptions(partial: Partial<DiskOptions> = {}): DiskOptions {
  const known = Object.keys(DEFAULT_DISK_OPTIONS);
  for (const key of Object.keys(partial)) {
    if (!known.includes(key)) {
      throw new Error(`disk options: unknown field "${key}" (expected one of ${known.join(", ")})`);
    }
  }
  const o: DiskOptions = { ...DEFAULT_DISK_OPTIONS, ...partial };
  for (const f of PROBABILITIES) {
    const v = o[f];
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) fail(f, "a probability in [0, 1]", v);
  }
  for (const f of NON_NEGATIVE) {
    const v = o[f];
    if (typeof v !== "number" || !(v >= 0) || !Number.isFinite(v)) fail(f, "a finite number >= 0", v);
  }
  if (!Number.isInteger(o.sectorBytes) || o.sectorBytes < 1) fail("sectorBytes", "an integer >= 1", o.sectorBytes);
  if (!Array.isArray(o.corruptSectors)) fail("corruptSectors", "a list of { path, sector }", o.corruptSectors);
  o.corruptSectors.forEach((s: unknown, i: number) => {
    const rec = s as Partial<AimedSector> | null;
    if (typeof rec?.path !== "string" || !Number.isInteger(rec.sector) || (rec.sector ?? -1) < 0) {
      fail(`corruptSectors[${i}]`, "{ path: string, sector: integer >= 0 }", s);
    }
  });
  return o;
}

function fail(field: string, expected: string, got: unknown): never {
  throw new Error(`disk options: ${field}: expected ${expected}, got ${JSON.stringify(got)}`);
}
