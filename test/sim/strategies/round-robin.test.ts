// round-robin: fixed rotation over runnable tids, `quantum` steps per turn.
import { describe, expect, it } from "vitest";
import { roundRobinStrategy } from "../../../src/sim/strategies/round-robin.js";
import { pointsProgram, runToy } from "./toy-driver.js";

describe("round-robin", () => {
  it("rotates one step at a time, skipping finished threads", () => {
    expect(runToy(roundRobinStrategy(), pointsProgram(3, 1, 2)).decisions).toEqual([0, 1, 2, 0, 2, 0]);
  });

  it("gives each thread `quantum` steps per turn", () => {
    expect(runToy(roundRobinStrategy({ quantum: 2 }), pointsProgram(3, 3)).decisions).toEqual([0, 0, 1, 1, 0, 1]);
  });

  it("rejects a bad quantum", () => {
    expect(() => roundRobinStrategy({ quantum: 0 })).toThrow(/quantum/);
  });
});
