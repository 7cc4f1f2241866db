// The hybrid logical clock in the header: physical ms (relative to the base
// recorded at first open, so ts stays a safe integer) << 16 | logical counter.
// Contract: allocate() returns strictly increasing values across all threads
// and processes, also when wall clocks freeze, skew or jump backwards; with a
// timestamp lease, also across power losses.
import { bug, type EngineCtx } from "./context.js";
import { H } from "./layout.js";
import type { Gen, Ports } from "./ports.js";
import { leaseWindow } from "./timestamp-lease.js";

/** The logical counter's width: 16 bits by default (a scenario may narrow it to reach the carry). */
export const HLC_LOGICAL_BITS = 16;

export function hlcPhysical(ts: number, bits = HLC_LOGICAL_BITS): number {
  return Math.floor(ts / 2 ** bits);
}
export function hlcLogical(ts: number, bits = HLC_LOGICAL_BITS): number {
  return ts % 2 ** bits;
}
export function hlcCompose(physical: number, logical: number, bits = HLC_LOGICAL_BITS): number {
  return physical * 2 ** bits + logical;
}

/** The latest allocated timestamp: a snapshot taken now sees commits up to it. */
export function* hlcNow(ports: Ports): Gen<number> {
  return yield* ports.mem.load64(H.hlc, "hlc.read");
}

/** Allocates the next timestamp by CAS. */
export function* hlcAllocate(ctx: EngineCtx, ports: Ports, baseMs: number): Gen<number> {
  const bits = ctx.layout.hlcLogicalBits;
  const logicalMax = 2 ** bits - 1;
  const physNow = Math.max(0, ports.clock.wallMs() - baseMs);
  for (;;) {
    const last = yield* ports.mem.load64(H.hlc, "hlc.load");
    const lastPhys = hlcPhysical(last, bits);
    const lastLog = hlcLogical(last, bits);
    let next: number;
    if (physNow > lastPhys) next = hlcCompose(physNow, 0, bits);
    else if (lastLog < logicalMax) next = hlcCompose(lastPhys, lastLog + 1, bits);
    // The counter is exhausted in this millisecond: borrow the next one (correct),
    // or saturate and hand out the same value again (the seed's defect).
    else next = bug(ctx, "hlc-logical-saturation") ? last : hlcCompose(lastPhys + 1, 0, bits);
    if (ctx.timestampLease) yield* coverByLease(ctx, ports, next);
    // BUGGIFY: a spurious CAS failure (another allocator got in first), so the retry path runs.
    if (ports.buggify("hlc.cas")) {
      yield* ports.sched.spin("buggify.hlc.cas-spurious");
      continue;
    }
    const seen = yield* ports.mem.cas64(H.hlc, last, next, "hlc.cas");
    if (seen === last) return next;
    yield* ports.sched.spin("hlc.retry");
  }
}

/** Before `ts` can be handed out, makes a ceiling at or above it durable. */
function* coverByLease(ctx: EngineCtx, ports: Ports, ts: number): Gen<void> {
  const ceiling = yield* ports.mem.load64(H.hlcCeiling, "hlc.ceiling");
  if (ts <= ceiling) return;
  const next = ts + leaseWindow(ctx.layout.hlcLogicalBits);
  // The first ceiling is laid at open; a renewal is the HLC reaching the end of its window.
  if (ceiling > 0) ports.sometimes("hlc-ceiling-renewal");
  yield* ctx.timestampLease!.persist(ports, next);
  // Raise only: a thread that raced past us (only possible under a lock bug) may have gone higher.
  for (let seen = ceiling; seen < next; ) {
    const got = yield* ports.mem.cas64(H.hlcCeiling, seen, next, "hlc.raise-ceiling");
    if (got === seen) break;
    seen = got;
  }
}
