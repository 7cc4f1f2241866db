// Garbage collection of versions, callable by any thread (one at a time, under
// the GC lock): find the oldest live snapshot, then per key drop the versions
// no snapshot can see and the aborted ones, retire them through the hazard
// domain and free what no hazard protects.
// Contract (correct): for every key, the newest version committed at or before
// the oldest snapshot is kept, and everything newer is kept; an unstamped
// version is never dropped or cut past. The oldest snapshot a round protects
// (its horizon) is published in the header before the round drops anything.
// A round that dies leaves what it unlinked findable: older nodes it cut off
// are noted in the header and the next round retires them (gcOrphans).
import { releaseLock, tryAcquireLock } from "./arena-lock.js";
import { bug, type EngineCtx } from "./context.js";
import { decodeText } from "./codec.js";
import { reclaim, retire } from "./hazard.js";
import { hlcNow } from "./hlc.js";
import { FAT_SLOTS, FN, H, KE, SLOT_DROPPED, STAMP_ABORTED, TX, VN, txnRecordAddr } from "./layout.js";
import type { Gen, Ports } from "./ports.js";
import { minActiveSnapshot } from "./reader-slots.js";
import { recoverDeadProcesses } from "./recovery-after-crash.js";

export type GcResult =
  | { readonly ran: false; readonly reason: "busy" | "registering" }
  | { readonly ran: true; readonly minSnapshot: number; readonly dropped: number; readonly freed: number; readonly kept: number };

export function* runGc(ctx: EngineCtx, ports: Ports): Gen<GcResult> {
  if (!(yield* tryAcquireLock(ports, H.gcLock, "gc.lock"))) return { ran: false, reason: "busy" };
  try {
    yield* recoverDeadProcesses(ctx, ports);
    yield* retireOrphans(ports);
    const now = yield* hlcNow(ports);
    const epoch = yield* ports.mem.load(H.epoch, "gc.read-epoch");
    const min = yield* minActiveSnapshot(ctx, ports, now, epoch);
    if (min.kind === "registering") return { ran: false, reason: "registering" };
    // Published before anything is dropped: a reader whose snapshot is older
    // than this may miss what follows, and detects it (version-chain.ts). Kept
    // as a maximum: correct rounds never lower it, and a round that skipped a
    // reader must not be hidden by the next one that counts it.
    const horizon = yield* ports.mem.load64(H.gcHorizon, "gc.load-horizon");
    if (min.ts > horizon) yield* ports.mem.store64(H.gcHorizon, min.ts, "gc.publish-horizon");
    let dropped = 0;
    for (let b = 0; b < ctx.layout.bucketCount; b++) {
      let entry = yield* ports.mem.load(ctx.layout.buckets + b, "gc.scan-bucket");
      while (entry !== 0) {
        const head = yield* ports.mem.read(entry, KE.key, "gc.read-entry");
        dropped += yield* collectChain(ctx, ports, entry, head[KE.byteLen]!, min.ts, min.epoch);
        entry = head[KE.next]!;
      }
    }
    // BUGGIFY: GC is descheduled between unlinking and reclaiming; readers run on.
    if (ports.buggify("gc.before-reclaim")) yield* ports.sched.sleep(200, "buggify.gc.before-reclaim");
    const r = yield* reclaim(ctx, ports);
    yield* ports.mem.store(H.commitsSinceGc, 0, "gc.reset-count");
    yield* observeMemory(ports);
    return { ran: true, minSnapshot: min.ts, dropped, freed: r.freed, kept: r.kept };
  } finally {
    yield* releaseLock(ports, H.gcLock, "gc.lock");
  }
}

export function* observeMemory(ports: Ports): Gen<void> {
  const w = yield* ports.mem.read(H.liveWords, 3, "stats.read");
  ports.observe("memory", { liveWords: w[0], liveVersions: w[1], garbageVersions: w[2] });
}

interface Position {
  readonly node: number;
  readonly slot: number;
  readonly version: number;
  /** > 0 commit ts, STAMP_ABORTED, or 0 when unresolved. */
  readonly stamp: number;
  readonly epoch: number;
}

function* collectChain(ctx: EngineCtx, ports: Ports, entry: number, keyBytes: number, minTs: number, minEpoch: number): Gen<number> {
  const { mem } = ports;
  const positions: Position[] = [];
  const nodes: number[] = [];
  let node = yield* mem.load(entry + KE.chainHead, "gc.load-head");
  while (node > 0) {
    nodes.push(node);
    const slots = yield* mem.read(node + FN.slots, FAT_SLOTS, "gc.read-slots");
    for (let i = FAT_SLOTS - 1; i >= 0; i--) {
      const v = slots[i]!;
      if (v <= 0) continue;
      const stamp = yield* mem.load64(v + VN.stamp, "gc.load-stamp");
      const epoch = bug(ctx, "gc-drops-visible-version") ? yield* mem.load(v + VN.epoch, "gc.load-epoch") : 0;
      positions.push({ node, slot: i, version: v, stamp, epoch });
    }
    node = yield* mem.load(node + FN.next, "gc.load-next");
  }
  let cut = cutIndex(ctx, positions, minTs, minEpoch);
  // Never cut past a version someone may still touch: an unstamped one, or one
  // whose txn record is not yet freed (its owner or a recoverer still stamps it).
  if (cut >= 0) {
    for (let i = cut; i < positions.length; i++) {
      if (!(yield* settled(ctx, ports, positions[i]!))) {
        cut = -1;
        break;
      }
    }
  }
  const keepNodeIdx = cut < 0 ? nodes.length - 1 : nodes.indexOf(positions[cut - 1]!.node);
  const cutAt = cut < 0 ? positions.length : cut;
  const tail = keepNodeIdx + 1 < nodes.length;
  if (tail) {
    // Whole older nodes go with one store: readers can no longer reach them.
    // Noted first: if this GC dies before all of them are retired, the next
    // round finds them there (nothing else reaches them any more).
    yield* mem.store(H.gcOrphans, nodes[keepNodeIdx + 1]!, "gc.note-orphans");
    yield* mem.store(H.gcOrphansParent, nodes[keepNodeIdx]!, "gc.note-orphans");
    yield* mem.store(nodes[keepNodeIdx]! + FN.next, 0, "gc.unlink");
  }
  let key: string | undefined;
  let dropped = 0;
  let newer: number | null = null;
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i]!;
    const drop = i >= cutAt || (p.stamp === STAMP_ABORTED && (yield* settled(ctx, ports, p)));
    if (!drop) {
      if (p.stamp > 0) newer = p.stamp;
      continue;
    }
    if (nodes.indexOf(p.node) <= keepNodeIdx) {
      // In a node that stays linked: empty just this slot.
      if ((yield* mem.cas(p.node + FN.slots + p.slot, p.version, SLOT_DROPPED, "gc.unlink")) !== p.version) continue;
    }
    if (p.stamp > 0) {
      if (key === undefined) key = decodeText(yield* mem.read(entry + KE.key, Math.ceil(keyBytes / 4), "gc.read-key"), keyBytes);
      ports.observe("gc-drop", { key, commit: p.stamp, supersededBy: newer, thread: ports.tid });
      newer = p.stamp;
    }
    yield* retire(ports, p.version);
    ports.sometimes("gc-drop-version");
    dropped++;
  }
  for (let n = keepNodeIdx + 1; n < nodes.length; n++) yield* retire(ports, nodes[n]!);
  if (tail) yield* clearOrphans(ports);
  return dropped;
}

/**
 * Finishes a chain tail a dead GC was cutting off (GC lock held). With its
 * parent noted, the cut was decided: it is redone (the versions no snapshot at
 * or after the published horizon needs stay unneeded), and every version and
 * node of the tail not yet on the retired list goes there. No block of the tail
 * is freed yet (reclaim runs after the note is cleared), so each is readable;
 * a half-done retire never reached the list, so redoing it is right. Without
 * the parent, nothing was unlinked yet, or all of it was retired.
 */
function* retireOrphans(ports: Ports): Gen<void> {
  const { mem } = ports;
  let node = yield* mem.load(H.gcOrphans, "gc.load-orphans");
  if (node === 0) return;
  const parent = yield* mem.load(H.gcOrphansParent, "gc.load-orphans");
  if (parent === 0) {
    yield* mem.store(H.gcOrphans, 0, "gc.orphans-retired");
    return;
  }
  yield* mem.store(parent + FN.next, 0, "gc.unlink");
  const listed = new Set<number>();
  for (let b = yield* mem.load(H.retiredHead, "gc.orphans-walk"); b !== 0; b = yield* mem.load(b + FN.retireNext, "gc.orphans-walk")) listed.add(b);
  while (node !== 0) {
    const slots = yield* mem.read(node + FN.slots, FAT_SLOTS, "gc.orphans-slots");
    for (const v of slots) if (v > 0 && !listed.has(v)) yield* retire(ports, v);
    const next = yield* mem.load(node + FN.next, "gc.orphans-next");
    if (!listed.has(node)) yield* retire(ports, node);
    node = next;
  }
  yield* clearOrphans(ports);
}

/** Parent first: a note without one means there is nothing left to finish. */
function* clearOrphans(ports: Ports): Gen<void> {
  yield* ports.mem.store(H.gcOrphansParent, 0, "gc.orphans-retired");
  yield* ports.mem.store(H.gcOrphans, 0, "gc.orphans-retired");
}

/** Stamped, and its txn record freed: nobody but readers (under hazards) touches it again. */
function* settled(ctx: EngineCtx, ports: Ports, p: Position): Gen<boolean> {
  if (p.stamp === 0) return false;
  const txn = yield* ports.mem.load(p.version + VN.txn, "gc.load-txn");
  return (yield* ports.mem.load(txnRecordAddr(ctx.layout, txn) + TX.id, "gc.check-record")) !== txn;
}

/** Index of the first position to drop with everything older (>= 1), or -1: no cut. */
function cutIndex(ctx: EngineCtx, positions: readonly Position[], minTs: number, minEpoch: number): number {
  if (bug(ctx, "gc-drops-visible-version")) {
    // The seed's rule: keep the newest, then keep while the version is of a
    // current epoch or newer than the oldest snapshot; the newest version at or
    // before that snapshot (the one it reads) is dropped with the rest.
    let seenNewest = false;
    for (let i = 0; i < positions.length; i++) {
      const p = positions[i]!;
      if (p.stamp <= 0) continue;
      if (!seenNewest) {
        seenNewest = true;
        continue;
      }
      if (!(p.epoch >= minEpoch || p.stamp > minTs)) return i;
    }
    return -1;
  }
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i]!;
    if (p.stamp > 0 && p.stamp <= minTs) return i + 1;
  }
  return -1;
}
