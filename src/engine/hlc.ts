// The hybrid logical clock in the header: physical ms (relative to the base
// recorded at first open, so ts stays a safe integer) << 16 | logical counter.
// Contract: allocate() returns strictly increasing values across all threads
// and processes, also when wall clocks freeze, skew or jump backwards.
import { bug, type EngineCtx } from "./context.js";
import { H } from "./layout.js";
import type { Gen, Ports } from "./ports.js";

const LOGICAL_SPAN = 0x10000;
const LOGICAL_MAX = 0xffff;

export function hlcPhysical(ts: number): number {
  return Math.floor(ts / LOGICAL_SPAN);
}
export function hlcLogical(ts: number): number {
  return ts % LOGICAL_SPAN;
}
export function hlcCompose(physical: number, logical: number): number {
  return physical * LOGICAL_SPAN + logical;
}

/** The latest allocated timestamp: a snapshot taken now sees commits up to it. */
export function* hlcNow(ports: Ports): Gen<number> {
  return yield* ports.mem.load64(H.hlc, "hlc.read");
}

/** Allocates the next timestamp by CAS. */
export function* hlcAllocate(ctx: EngineCtx, ports: Ports, baseMs: number): Gen<number> {
  const physNow = Math.max(0, ports.clock.wallMs() - baseMs);
  for (;;) {
    const last = yield* ports.mem.load64(H.hlc, "hlc.load");
    const lastPhys = hlcPhysical(last);
    const lastLog = hlcLogical(last);
    let next: number;
    if (physNow > lastPhys) next = hlcCompose(physNow, 0);
    else if (lastLog < LOGICAL_MAX) next = hlcCompose(lastPhys, lastLog + 1);
    // The counter is exhausted in this millisecond: borrow the next one (correct),
    // or saturate and hand out the same value again (the seed's defect).
    else next = bug(ctx, "hlc-logical-saturation") ? last : hlcCompose(lastPhys + 1, 0);
    const seen = yield* ports.mem.cas64(H.hlc, last, next, "hlc.cas");
    if (seen === last) return next;
    yield* ports.sched.spin("hlc.retry");
  }
}
