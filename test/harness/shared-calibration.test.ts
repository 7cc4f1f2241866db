// PCT's k shared by the threads of a run: the first to need it calibrates, the
// others take its k without a calibration run; a swarm seed's drawn scenario,
// another bug set or a failed calibration is never shared.
import { describe, expect, it } from "vitest";
import { calibratedPctSteps, CALIBRATION_SEEDS, shareCalibrations } from "../../src/harness/pct-calibration.js";
import type { Scenario } from "../../src/harness/scenario.js";
import { calibrationShare, calibrationTable } from "../../src/harness/shared-calibration.js";

const scenario = (file: string): Scenario => ({ file, gate: { masterSeed: 1n }, stepBudgetMax: 1000 }) as unknown as Scenario;

describe("shared PCT calibration", () => {
  it("the first thread claims and computes k, a second one takes it without running", () => {
    const table = calibrationTable(["a.json", "b.json"], []);
    // Two threads' views of one table, each with its own loaded scenario objects.
    const a1 = scenario("a.json");
    const a2 = scenario("a.json");
    const one = calibrationShare(table, (s) => s === a1);
    const two = calibrationShare(table, (s) => s === a2);
    expect(one.claim(a1, "")).toBeUndefined();
    one.done(a1, "", 77);
    expect(two.claim(a2, "")).toBe(77);
    // Not this run's bug set, or not the loaded scenario (a drawn swarm one): not shared.
    expect(two.claim(a2, "ww-check-toctou")).toBeUndefined();
    expect(two.claim(scenario("a.json"), "")).toBeUndefined();
    // A failed calibration leaves the other thread to calibrate (and report the error) itself.
    const b1 = scenario("b.json");
    const b2 = scenario("b.json");
    const oneB = calibrationShare(table, (s) => s === b1);
    const twoB = calibrationShare(table, (s) => s === b2);
    expect(oneB.claim(b1, "")).toBeUndefined();
    oneB.done(b1, "", undefined);
    expect(twoB.claim(b2, "")).toBeUndefined();
  });

  it("calibratedPctSteps uses a shared k instead of running the calibration seeds", () => {
    const table = calibrationTable(["c.json"], []);
    const c1 = scenario("c.json");
    const c2 = scenario("c.json");
    let runs = 0;
    const count = (_seed: bigint, _k: number): number => (runs++, 40 + runs);
    shareCalibrations(calibrationShare(table, (s) => s === c1 || s === c2));
    expect(calibratedPctSteps(c1, [], count)).toBe(42);
    expect(runs).toBe(CALIBRATION_SEEDS);
    expect(calibratedPctSteps(c2, [], count)).toBe(42);
    expect(runs).toBe(CALIBRATION_SEEDS);
  });
});
