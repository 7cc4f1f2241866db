import { describe, expect, it } from "vitest";
import { SimClock } from "../../src/sim/clock.js";

describe("simulated clock", () => {
  it("wall time follows monotonic time", () => {
    const c = new SimClock({ wallStartMs: 1000, faults: [] });
    expect(c.wallMs(1)).toBe(1000);
    c.advance(2500);
    expect(c.wallMs(1)).toBe(1002);
  });

  it("freezes, then catches up", () => {
    const c = new SimClock({ wallStartMs: 0, faults: [{ kind: "freeze", atUs: 1000, durationUs: 5000 }] });
    c.advanceTo(3000);
    expect(c.wallMs(1)).toBe(1);
    c.advanceTo(5999);
    expect(c.wallMs(1)).toBe(1);
    c.advanceTo(6000);
    expect(c.wallMs(1)).toBe(6);
  });

  it("jumps backwards for one process and skews another", () => {
    const c = new SimClock({
      wallStartMs: 100,
      faults: [
        { kind: "jump", atUs: 2000, deltaMs: -50, pid: 1 },
        { kind: "skew", pid: 2, skewMs: 7 },
      ],
    });
    c.advanceTo(1000);
    expect(c.wallMs(1)).toBe(101);
    c.advanceTo(2000);
    expect(c.wallMs(1)).toBe(52);
    expect(c.wallMs(2)).toBe(109);
    expect(c.wallMs(3)).toBe(102);
  });
});
