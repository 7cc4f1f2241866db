// Opening the durability layer: recover what the disk holds, seal it (write the
// whole recovered state as one run under a new manifest and unlink the old WAL,
// so torn tails are gone and data that sat only in the page cache is made
// durable), drop leftovers of dead checkpoints, then allocate the shared
// control block for a new log.
// Contract: after openDurability returns, recovered.state is durable on its own
// and the log appends from recovered.lastSeq + 1.
import type { Addr, Gen, Ports } from "../ports.js";
import { writeCheckpoint } from "./checkpoint.js";
import { resolveDurabilityOptions, type DurabilityOptions } from "./durability-options.js";
import { recover, stateEntries, type RecoveredState } from "./recovery.js";
import { readHlcCeiling } from "./hlc-ceiling.js";
import { allocControl } from "./wal-control.js";
import { WalCommitLog } from "./wal-commit-log.js";

export interface OpenedDurability {
  readonly log: WalCommitLog;
  readonly recovered: RecoveredState;
  /** The control block: other processes attach with `new WalCommitLog(options, base)`. */
  readonly base: Addr;
  /** The HLC must start above this: recovered commits and every ts a lease allowed out. */
  readonly timestampFloor: number;
}

export function* openDurability(p: Ports, options: Partial<DurabilityOptions> & { dir: string }): Gen<OpenedDurability> {
  const o = resolveDurabilityOptions(options);
  const recovered = yield* recover(p, o.dir, { bugs: o.bugs });
  let manifest = recovered.manifest;
  if (recovered.segments.length > 0 || recovered.manifest.runs.length > 1) {
    // Recovery "truncates" by rewriting: the Files port has no truncate, and a
    // segment poisoned by EIO may read back data that never reached the disk.
    manifest = yield* writeCheckpoint(p.files, {
      dir: o.dir,
      previous: recovered.manifest,
      checkpointSeq: recovered.lastSeq,
      maxCommitTs: recovered.maxCommitTs,
      entries: stateEntries(recovered.state),
      coveredSegments: recovered.segments,
      merge: true,
      complete: true,
    });
  }
  // Leftovers of checkpoints that died half-way: runs no manifest names, temps.
  for (const name of yield* p.files.list(o.dir, "open.list")) {
    const stale = (/^run-\d{16}\.sst$/.test(name) && !manifest.runs.includes(name)) || /^MANIFEST-\d+\.tmp$/.test(name);
    if (stale) yield* p.files.unlink(`${o.dir}/${name}`, "open.unlink-stale");
  }
  const base = yield* allocControl(p.mem, o, recovered.lastSeq + 1, recovered.lastSeq);
  const timestampFloor = Math.max(recovered.maxCommitTs, yield* readHlcCeiling(p.files, o.dir));
  return { log: new WalCommitLog(o, base), recovered, base, timestampFloor };
}
