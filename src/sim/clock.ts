// Simulated time. Monotonic microseconds advance only when the scheduler says
// (per step, or jumping to the next deadline when every thread waits). Wall
// clocks for HLC are derived from it per process, with scenario-set faults:
// freeze (the wall clock stands still, then catches up), jump (a step of
// ±ms that stays), and a constant skew per process.

export type ClockFault =
  | { readonly kind: "freeze"; readonly atUs: number; readonly durationUs: number; readonly pid?: number }
  | { readonly kind: "jump"; readonly atUs: number; readonly deltaMs: number; readonly pid?: number }
  | { readonly kind: "skew"; readonly pid: number; readonly skewMs: number };

export interface ClockOptions {
  /** Wall-clock milliseconds at monotonic time zero. */
  readonly wallStartMs: number;
  readonly faults: readonly ClockFault[];
}

export const DEFAULT_CLOCK: ClockOptions = { wallStartMs: 1_000_000, faults: [] };

export class SimClock {
  private now = 0;
  private readonly timed: readonly Exclude<ClockFault, { kind: "skew" }>[];
  private readonly skewMs = new Map<number, number>();

  constructor(private readonly options: ClockOptions = DEFAULT_CLOCK) {
    const timed: Exclude<ClockFault, { kind: "skew" }>[] = [];
    for (const f of options.faults) {
      if (f.kind === "skew") this.skewMs.set(f.pid, (this.skewMs.get(f.pid) ?? 0) + f.skewMs);
      else timed.push(f);
    }
    this.timed = timed.sort((a, b) => a.atUs - b.atUs);
  }

  monotonicUs(): number {
    return this.now;
  }

  advance(us: number): void {
    this.now += us;
  }

  /** Moves time forward to `us` if it is later than now. */
  advanceTo(us: number): void {
    if (us > this.now) this.now = us;
  }

  /** The wall clock process `pid` reads now, in ms. */
  wallMs(pid: number): number {
    return this.wallAt(this.now, pid);
  }

  private wallAt(t: number, pid: number): number {
    let jumpsMs = 0;
    let frozenAt = -1;
    for (const f of this.timed) {
      if (f.atUs > t) break;
      if (f.pid !== undefined && f.pid !== pid) continue;
      if (f.kind === "jump") jumpsMs += f.deltaMs;
      else if (t < f.atUs + f.durationUs && frozenAt < 0) frozenAt = f.atUs;
    }
    if (frozenAt >= 0 && frozenAt < t) return this.wallAt(frozenAt, pid);
    return this.options.wallStartMs + Math.floor(t / 1000) + jumpsMs + (this.skewMs.get(pid) ?? 0);
  }
}
