// PCT's calibrated k shared by the workers of one run, so a scenario is
// calibrated once per run instead of once per worker (3 extra seeds each).
// A SharedArrayBuffer holds per scenario file a state and k: the first worker
// to need k claims it, the others wait for it. Contract: only who computes k
// depends on timing, never k itself (calibration is a pure function of the
// scenario and its bug switches), so verdicts and trace hashes cannot change.
import type { CalibrationShare } from "./pct-calibration.js";
import type { Scenario } from "./scenario.js";

/** What the main thread hands each worker (workerData). */
export interface CalibrationTableData {
  /** Scenario files, in the order of the cells. */
  readonly files: readonly string[];
  /** The run's extra bug switches, sorted and joined: k is shared only for these. */
  readonly bugsKey: string;
  /** Int32 pairs [state, k] per file. */
  readonly cells: SharedArrayBuffer;
}

const FREE = 0;
const CLAIMED = 1;
const DONE = 2;
const FAILED = 3;

/** A wait longer than this (a worker died mid-calibration) calibrates here instead; only CPU is lost. */
const WAIT_MS_MAX = 120_000;

export function calibrationTable(files: readonly string[], extraBugs: readonly string[]): CalibrationTableData {
  return { files: [...files], bugsKey: [...extraBugs].sort().join(","), cells: new SharedArrayBuffer(8 * Math.max(1, files.length)) };
}

/**
 * The worker side. `loaded(s)` says whether `s` is the scenario this worker
 * loaded from its file (a swarm seed's drawn scenario is not: its k is its own).
 */
export function calibrationShare(data: CalibrationTableData, loaded: (s: Scenario) => boolean): CalibrationShare {
  const cells = new Int32Array(data.cells);
  const slot = (s: Scenario, bugsKey: string): number => (bugsKey === data.bugsKey && loaded(s) ? data.files.indexOf(s.file) : -1);
  return {
    claim(s, bugsKey) {
      const i = slot(s, bugsKey);
      if (i < 0) return undefined;
      const state = Atomics.compareExchange(cells, 2 * i, FREE, CLAIMED);
      if (state === FREE) return undefined;
      if (state === CLAIMED) Atomics.wait(cells, 2 * i, CLAIMED, WAIT_MS_MAX);
      return Atomics.load(cells, 2 * i) === DONE ? Atomics.load(cells, 2 * i + 1) : undefined;
    },
    done(s, bugsKey, k) {
      const i = slot(s, bugsKey);
      if (i < 0) return;
      if (k !== undefined) Atomics.store(cells, 2 * i + 1, k);
      Atomics.store(cells, 2 * i, k !== undefined ? DONE : FAILED);
      Atomics.notify(cells, 2 * i);
    },
  };
}
