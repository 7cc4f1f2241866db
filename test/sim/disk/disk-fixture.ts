// Test fixture for the simulated disk: `drive` runs a port generator without a
// scheduler (disk steps answered at once, a latency block advances the fake clock
// to its deadline) and records every step so tests can check the yield protocol.
import type { Files, Gen, Step } from "../../../src/engine/ports.js";
import { SimDisk } from "../../../src/sim/disk/disk.js";
import type { DiskOptions } from "../../../src/sim/disk/disk-options.js";
import { Rng } from "../../../src/sim/rng.js";

export class FakeClock {
  nowUs = 0;
  monotonicUs(): number {
    return this.nowUs;
  }
}

export function drive<T>(gen: Gen<T>, clock?: FakeClock, steps: Step[] = []): T {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
    steps.push(r.value);
    if (r.value.kind === "block") {
      const deadline = r.value.on.deadlineUs;
      if (deadline === undefined || clock === undefined) throw new Error("drive: a block with no deadline or clock");
      clock.nowUs = Math.max(clock.nowUs, deadline);
    }
  }
}

export const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

/** `n` bytes with a recognisable pattern starting at `seed`. */
export function pattern(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (seed + i * 7) & 0xff;
  return out;
}

export interface DiskFixture {
  readonly disk: SimDisk;
  readonly files: Files;
  readonly clock: FakeClock;
  /** Runs a port operation to completion. */
  run<T>(gen: Gen<T>): T;
}

export function makeDisk(options: Partial<DiskOptions> = {}, seed = 1n): DiskFixture {
  const clock = new FakeClock();
  const disk = new SimDisk(options, new Rng(seed).fork("disk"), clock);
  return { disk, files: disk.files(), clock, run: (gen) => drive(gen, clock) };
}

/** The content of `path` in one layer of a snapshot, or undefined if absent. */
export function contentOf(layer: readonly { path: string; data: Uint8Array }[], path: string): Uint8Array | undefined {
  return layer.find((f) => f.path === path)?.data;
}
