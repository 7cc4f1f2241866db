// The hazard-pointer domain in the arena: one record per thread (owner id and
// four protected addresses). GC retires unlinked blocks onto a list in the
// header and frees those no hazard names.
// Contract: a reader that publishes a hazard and then re-checks that the
// pointer is still reachable may use the block until it clears the hazard;
// retire/reclaim run under the GC lock only; a dead thread's record is
// ignored by reclaim and taken over by the next thread that needs one.
import type { EngineCtx } from "./context.js";
import { CapacityError } from "./errors.js";
import { freeValue } from "./value-store.js";
import {
  FN,
  H,
  HAZARDS_PER_THREAD,
  HZ,
  KIND_VERSION,
  NODE_WORDS,
  VERSION_WORDS,
  VN,
  hazardRecordAddr,
  ownerId,
  ownerPid,
} from "./layout.js";
import type { Gen, Ports } from "./ports.js";

/** The calling thread's hazard record, claimed on first use (or taken over from a dead thread). */
export function* hazardRecord(ctx: EngineCtx, ports: Ports): Gen<number> {
  const cached = ctx.hazardRecordOf.get(ports.tid);
  if (cached !== undefined) return cached;
  const me = ownerId(ports.pid, ports.tid);
  for (let i = 0; i < ctx.layout.hazardRecords; i++) {
    const rec = hazardRecordAddr(ctx.layout, i);
    const owner = yield* ports.mem.load64(rec + HZ.owner, "hp.scan-record");
    if (owner !== 0 && ports.procs.isAlive(ownerPid(owner))) continue;
    if ((yield* ports.mem.cas64(rec + HZ.owner, owner, me, "hp.claim-record")) !== owner) continue;
    for (let s = 0; s < HAZARDS_PER_THREAD; s++) yield* ports.mem.store(rec + HZ.slots + s, 0, "hp.reset");
    ctx.hazardRecordOf.set(ports.tid, rec);
    return rec;
  }
  throw new CapacityError("hazard records", `${ctx.layout.hazardRecords} threads hold one`);
}

export function* protect(ports: Ports, rec: number, role: number, addr: number): Gen<void> {
  yield* ports.mem.store(rec + HZ.slots + role, addr, "hp.protect");
}

export function* clearHazard(ports: Ports, rec: number, role: number): Gen<void> {
  yield* ports.mem.store(rec + HZ.slots + role, 0, "hp.clear");
}

/** Puts an unlinked block on the retired list (GC lock held). */
export function* retire(ports: Ports, block: number): Gen<void> {
  const head = yield* ports.mem.load(H.retiredHead, "hp.retire-head");
  yield* ports.mem.store(block + FN.retireNext, head, "hp.retire-link");
  yield* ports.mem.store(H.retiredHead, block, "hp.retire");
  yield* ports.mem.add(H.garbageVersions, 1, "stats.garbage");
}

export interface ReclaimResult {
  readonly freed: number;
  readonly kept: number;
}

/**
 * Frees every retired block no hazard protects (GC lock held). The list stays
 * in the header while it is walked: each block is unlinked from it just before
 * it is freed, so a reclaimer that dies (and whose GC lock is taken over) leaves
 * every block it had not reached on the list for the next round; only the one
 * it was freeing can be lost. (Detaching the whole list first lost all of it to
 * such a crash: a leak that grew with every crash.) The garbage count is set,
 * not adjusted, at the end: the blocks left listed, whatever a dead reclaimer
 * or retirer did to it.
 */
export function* reclaim(ctx: EngineCtx, ports: Ports): Gen<ReclaimResult> {
  const { mem } = ports;
  if ((yield* mem.load(H.retiredHead, "hp.reclaim-head")) === 0) return { freed: 0, kept: 0 };
  const hazards = new Set<number>();
  for (let i = 0; i < ctx.layout.hazardRecords; i++) {
    const rec = hazardRecordAddr(ctx.layout, i);
    // A dead thread never dereferences again: its stale hazards protect nothing.
    const owner = yield* mem.load64(rec + HZ.owner, "hp.scan-owner");
    if (owner === 0 || !ports.procs.isAlive(ownerPid(owner))) continue;
    // One load per hazard (not a range read): each must be an ordered atomic read.
    for (let s = 0; s < HAZARDS_PER_THREAD; s++) {
      const a = yield* mem.load(rec + HZ.slots + s, "hp.scan-hazard");
      if (a !== 0) hazards.add(a);
    }
  }
  // Every listed block was unlinked from its chain before the scan, and only
  // retire, under the same lock, pushes onto the list.
  let link: number = H.retiredHead;
  let block = yield* mem.load(link, "hp.walk-retired");
  let kept = 0;
  let freed = 0;
  while (block !== 0) {
    const next = yield* mem.load(block + FN.retireNext, "hp.walk-retired");
    if (hazards.has(block)) {
      kept++;
      link = block + FN.retireNext;
    } else {
      // Off the list before it is freed: no later walk reaches a freed block.
      yield* mem.store(link, next, "hp.unlink-retired");
      const kind = yield* mem.load(block + FN.kind, "hp.reclaim-kind");
      if (kind === KIND_VERSION) {
        const handle = yield* mem.load64(block + VN.handle, "hp.reclaim-value");
        const len = yield* mem.load(block + VN.byteLen, "hp.reclaim-len");
        yield* freeValue(ctx, ports, handle, len);
        yield* mem.add(H.liveVersions, -1, "stats.versions");
      }
      yield* mem.free(block, "gc.reclaim");
      yield* mem.add(H.liveWords, -(kind === KIND_VERSION ? VERSION_WORDS : NODE_WORDS), "stats.live-words");
      ports.sometimes("reclaim-block");
      freed++;
    }
    block = next;
  }
  yield* mem.store(H.garbageVersions, kept, "stats.garbage");
  return { freed, kept };
}
