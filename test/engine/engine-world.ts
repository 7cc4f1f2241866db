// Test fixtures: a small simulated world for the engine, a scripted strategy
// that runs named threads until they reach a step label, and helpers to run
// engine code on a thread.
import { DEFAULT_WORLD, World, type WorldOptions } from "../../src/sim/world.js";
import type { Strategy, ThreadView } from "../../src/sim/strategies/strategy.js";
import type { FaultOptions } from "../../src/sim/faults.js";
import { NO_FAULTS } from "../../src/sim/faults.js";
import type { ClockOptions } from "../../src/sim/clock.js";
import { DEFAULT_CLOCK } from "../../src/sim/clock.js";

export interface EngineWorldOptions {
  readonly strategy?: Strategy;
  readonly faults?: Partial<FaultOptions>;
  readonly clock?: ClockOptions;
  readonly arenaWords?: number;
  readonly stepBudgetMax?: number;
}

export function engineWorld(seed: bigint, o: EngineWorldOptions = {}): World {
  const options: WorldOptions = {
    ...DEFAULT_WORLD,
    seed,
    strategy: o.strategy,
    stepBudgetMax: o.stepBudgetMax ?? 400_000,
    arena: { words: o.arenaWords ?? 1 << 16, reservedWords: 64, quarantineWords: 1 << 12 },
    faults: { ...NO_FAULTS, ...o.faults },
    clock: o.clock ?? DEFAULT_CLOCK,
    disk: undefined,
  };
  return new World(options);
}

/** One phase of a script: run thread `thread` until its next step carries `until` (not taken), or it ends/blocks. */
export interface Phase {
  readonly thread: string;
  readonly until?: string;
  /** Skip this many arrivals at `until` before stopping. */
  readonly skip?: number;
}

/**
 * A hand-written schedule: phases in order; when the phase's thread is not
 * runnable the phase ends. After the last phase: the lowest runnable tid.
 */
export function scriptedStrategy(phases: readonly Phase[]): Strategy & { readonly phase: () => number } {
  let i = 0;
  let arrivals = 0;
  return {
    name: "script",
    phase: () => i,
    pick(runnable: readonly ThreadView[]): number {
      while (i < phases.length) {
        const p = phases[i]!;
        const t = runnable.find((r) => r.name === p.thread);
        if (!t) {
          i++;
          arrivals = 0;
          continue;
        }
        if (p.until !== undefined && t.pending.label === p.until) {
          if (arrivals < (p.skip ?? 0)) {
            arrivals++;
            return t.tid;
          }
          i++;
          arrivals = 0;
          continue;
        }
        return t.tid;
      }
      return runnable[0]!.tid;
    },
  };
}
