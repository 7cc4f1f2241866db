// Reader slots: one 64-byte slot per open snapshot (pid, tid, snapshot ts,
// epoch, txn, heartbeat). GC takes the minimum over them to know which
// versions some snapshot may still read.
// Contract (correct order): a slot is claimed BEFORE the clock is read, so a
// GC that misses the snapshot either sees the claim (ts 0 = registering, GC
// skips its round) or scanned before the claim (then the snapshot is newer
// than anything that GC could drop).
import { bug, type EngineCtx } from "./context.js";
import { CapacityError } from "./errors.js";
import { hlcNow } from "./hlc.js";
import { H, RS, readerSlotAddr } from "./layout.js";
import type { Gen, Ports } from "./ports.js";

export interface ClaimedSlot {
  readonly addr: number;
  readonly snapshot: number;
  readonly epoch: number;
}

export function* claimReaderSlot(ctx: EngineCtx, ports: Ports): Gen<ClaimedSlot> {
  const { mem } = ports;
  const racy = bug(ctx, "reader-slot-publish-race");
  // The flawed order reads the clock before the slot is visible to GC.
  const early = racy ? yield* hlcNow(ports) : 0;
  for (let i = 0; i < ctx.layout.readerSlotCount; i++) {
    const addr = readerSlotAddr(ctx.layout, i);
    if ((yield* mem.load(addr + RS.pid, "reader.scan-slot")) !== 0) continue;
    if ((yield* mem.cas(addr + RS.pid, 0, ports.pid, "reader.claim-slot")) !== 0) continue;
    yield* mem.store(addr + RS.tid, ports.tid, "reader.claim-tid");
    const snapshot = racy ? early : yield* hlcNow(ports);
    yield* mem.store64(addr + RS.snapshot, snapshot, "reader.publish-snapshot");
    const epoch = yield* mem.load(H.epoch, "reader.read-epoch");
    yield* mem.store(addr + RS.epoch, epoch, "reader.publish-epoch");
    yield* mem.store64(addr + RS.heartbeat, ports.clock.monotonicUs(), "reader.heartbeat");
    return { addr, snapshot, epoch };
  }
  throw new CapacityError("reader slots", `${ctx.layout.readerSlotCount} snapshots open`);
}

export function* releaseReaderSlot(ports: Ports, addr: number): Gen<void> {
  yield* ports.mem.store64(addr + RS.snapshot, 0, "reader.clear-snapshot");
  yield* ports.mem.store(addr + RS.pid, 0, "reader.release-slot");
}

export type MinSnapshot =
  | { readonly kind: "min"; readonly ts: number; readonly epoch: number }
  | { readonly kind: "registering"; readonly slot: number };

/**
 * The oldest snapshot any live reader holds, bounded by `now` (the clock read
 * before the scan) and the oldest epoch (the current one if no reader).
 * Slots of dead processes are skipped (recovery frees them).
 */
export function* minActiveSnapshot(ctx: EngineCtx, ports: Ports, now: number, currentEpoch: number): Gen<MinSnapshot> {
  const { mem } = ports;
  let ts = now;
  let epoch = currentEpoch;
  for (let i = 0; i < ctx.layout.readerSlotCount; i++) {
    const addr = readerSlotAddr(ctx.layout, i);
    const pid = yield* mem.load(addr + RS.pid, "gc.scan-slot");
    if (pid === 0 || !ports.procs.isAlive(pid)) continue;
    const snap = yield* mem.load64(addr + RS.snapshot, "gc.scan-snapshot");
    if (snap === 0) {
      // Claimed, snapshot not yet published. The seed ignores such a slot.
      if (bug(ctx, "reader-slot-publish-race")) continue;
      return { kind: "registering", slot: i };
    }
    ts = Math.min(ts, snap);
    epoch = Math.min(epoch, yield* mem.load(addr + RS.epoch, "gc.scan-epoch"));
  }
  return { kind: "min", ts, epoch };
}
