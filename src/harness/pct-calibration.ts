// PCT's k (the expected steps of a run; change points fall in [1, k]) for a
// scenario that does not set it: the median step count of the scenario's first
// CALIBRATION_SEEDS gate seeds, run with k = the step budget. A k far above the
// run length puts the change points past the end of the run and PCT then finds
// nothing (issue #14: 0 of 200 seeds on hot-key-contention).
// Contract: k depends only on the scenario and its bug switches, never on the
// seed being run or on other seeds run before, so any seed replays alone; it is
// cached per scenario object and bug set, and may be shared by the threads of
// a run (src/harness/shared-calibration.ts), which changes who computes it only.
import type { Scenario } from "./scenario.js";
import { derivedSeed } from "./seeds.js";

export const CALIBRATION_SEEDS = 3;

/** Runs one seed with pct's k set to `pctMaxSteps`; returns its step count or an error line. */
export type StepCounter = (seed: bigint, pctMaxSteps: number) => number | string;

const cache = new WeakMap<Scenario, Map<string, number>>();
let runs = 0;

/** k computed by another thread of the same run. */
export interface CalibrationShare {
  /** k if another thread has it (waiting while one computes it); undefined: calibrate here, then call done. */
  claim(s: Scenario, bugsKey: string): number | undefined;
  /** This thread's k (undefined: the calibration failed). */
  done(s: Scenario, bugsKey: string, k: number | undefined): void;
}

let share: CalibrationShare | undefined;

/** Installs the run's share in this thread (a pool worker does, at start). */
export function shareCalibrations(x: CalibrationShare): void {
  share = x;
}

/** Calibration runs this thread has made (the throughput bench counts the pool's repeats). */
export function calibrationRunsSoFar(): number {
  return runs;
}

/** The calibrated k of `s` with `bugs` switched on (an error line if a calibration run fails to start). */
export function calibratedPctSteps(s: Scenario, bugs: readonly string[], countSteps: StepCounter): number | string {
  const key = [...bugs].sort().join(",");
  let byBugs = cache.get(s);
  if (!byBugs) cache.set(s, (byBugs = new Map()));
  const known = byBugs.get(key);
  if (known !== undefined) return known;
  const shared = share?.claim(s, key);
  if (shared !== undefined) {
    byBugs.set(key, shared);
    return shared;
  }
  const k = calibrate(s, countSteps);
  share?.done(s, key, typeof k === "number" ? k : undefined);
  if (typeof k === "number") byBugs.set(key, k);
  return k;
}

function calibrate(s: Scenario, countSteps: StepCounter): number | string {
  const counts: number[] = [];
  for (let i = 0; i < CALIBRATION_SEEDS; i++) {
    runs++;
    const steps = countSteps(derivedSeed(s.gate.masterSeed, i), s.stepBudgetMax);
    if (typeof steps === "string") return steps;
    counts.push(steps);
  }
  counts.sort((a, b) => a - b);
  return Math.max(1, counts[counts.length >> 1]!);
}
