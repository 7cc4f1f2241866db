// Trace hashes pinned from the code before the speedups (issue #14): the
// hot-path changes (arena, site labels, recorder, scheduler) must not move a
// single decision, event or hash. Seeds are the CLI's: derivedSeed(1, i).
// A change here means runs no longer replay as they did: say why in the commit.
// Re-pinned once since (verdicts unchanged): a GC round now first checks for a
// chain tail a dead GC left half-retired, and notes each tail it cuts (gc.ts).
import { describe, expect, it } from "vitest";
import { runSeed } from "../../src/harness/run-seed.js";
import { loadScenario } from "../../src/harness/scenario.js";
import { derivedSeed } from "../../src/harness/seeds.js";

type Pin = readonly [index: number, traceHash: string, verdict: string, steps: number];

/** Scenarios whose strategy the speedups must leave exactly as it was. */
const PINNED: Record<string, readonly Pin[]> = {
  "scenarios/bank-transfers.json": [
    [1, "39ad55674d42701e", "ok", 4889],
    [2, "6a8d28741ea48ea3", "ok", 3751],
  ],
  "scenarios/random-crashes-and-power.json": [
    [1, "5b58fe034d5f5d0b", "ok", 5805],
    [2, "9899db12c39778fc", "ok", 7406],
  ],
  "scenarios/power-loss-group-commit.json": [
    [1, "db2a6e8135339b91", "ok", 3749],
    [3, "4ccf0214ed2c12dd", "ok", 3120],
  ],
  "scenarios/single-writer-dies.json": [
    [0, "9f8510df669bba16", "ok", 1701],
    [1, "58c13047d7676a8c", "ok", 1765],
  ],
  "scenarios/gc-long-readers.json": [[0, "689820d5b51603e2", "ok", 8140]],
  "scenarios/register-linearizability.json": [[1, "22bb0e6d4ed4fcf4", "ok", 12650]],
  "scenarios/bugs/ww-check-toctou.json": [
    [0, "140f93fa9268dba0", "violation", 2670],
    [1, "222d0ac59323e30d", "ok", 2594],
    [4, "24f0260aaff88cec", "violation", 2884],
  ],
  // PCT with its maxSteps set in the file: k is the scenario's, not calibrated.
  "scenarios/bugs/hp-protect-after-load.json": [
    [1, "21ea0b310b2a2520", "ok", 5742],
    [2, "5b3daf30d4a1880b", "ok", 6627],
  ],
  "scenarios/bugs/gc-drops-visible-version.json": [
    [1, "4ea1208792ad805a", "ok", 3620],
    [2, "aa58539b8a76911a", "violation", 2747],
  ],
  "scenarios/bugs/reader-slot-publish-race.json": [[0, "3e67633d2fb18e2e", "ok", 3559]],
};

/**
 * PCT scenarios that set no maxSteps. Their k was the step budget (hundreds of
 * thousands of steps for runs of 3-10k, so PCT's change points rarely fell
 * inside a run); it is now calibrated from the scenario's first seeds
 * (src/harness/pct-calibration.ts), which changed these hashes on purpose.
 * The last column is the calibrated k.
 */
const PINNED_PCT_CALIBRATED: Record<string, readonly (readonly [...Pin, number])[]> = {
  "scenarios/hot-key-contention.json": [
    [1, "fbe3e6d4e7258626", "ok", 3104, 3291],
    [2, "57e03ba877b319c1", "ok", 3193, 3291],
  ],
  "scenarios/adversarial-schedule.json": [[1, "438ecded534c07c8", "ok", 9601, 8853]],
  "scenarios/reader-registration-gc.json": [[1, "3c67348dc330e111", "ok", 5762, 7083]],
};

async function check(file: string, pins: readonly (Pin | readonly [...Pin, number])[]): Promise<void> {
  const load = await loadScenario(file);
  if (!load.ok) throw new Error(load.error);
  for (const [index, traceHash, verdict, steps, k] of pins) {
    const r = runSeed({ scenario: load.scenario, seed: derivedSeed(1n, index) });
    if (typeof r === "string") throw new Error(r);
    expect([index, r.outcome.traceHash, r.verdict, r.outcome.steps, r.stats.pctMaxSteps], `${file} seed index ${index}`).toEqual([index, traceHash, verdict, steps, k]);
  }
}

describe("pinned trace hashes", () => {
  for (const [file, pins] of Object.entries(PINNED)) {
    it(file, () => check(file, pins), 30_000);
  }
  for (const [file, pins] of Object.entries(PINNED_PCT_CALIBRATED)) {
    it(`${file} (pct, k calibrated)`, () => check(file, pins), 30_000);
  }
});
