// The schedule codec: run-length text that round-trips every decision list.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeSchedule, encodeSchedule } from "../../src/harness/schedule-string.js";

describe("schedule strings", () => {
  it("encodes runs as tid or tid x count", () => {
    expect(encodeSchedule([0, 0, 0, 1, 0, 0])).toBe("s1:0x3.1.0x2");
    expect(encodeSchedule([])).toBe("s1:");
    expect(encodeSchedule([12])).toBe("s1:12");
  });

  it("round-trips any decision list", () => {
    const runs = fc.array(fc.tuple(fc.nat(40), fc.integer({ min: 1, max: 30 })), { maxLength: 60 });
    fc.assert(
      fc.property(runs, (rs) => {
        const d = rs.flatMap(([tid, n]) => Array<number>(n).fill(tid));
        const text = encodeSchedule(d);
        const back = decodeSchedule(text + "\n");
        expect(back).toEqual({ ok: true, decisions: d });
        // never longer than the plain comma list, beyond its prefix
        expect(text.length - 3).toBeLessThanOrEqual(Math.max(0, d.join(",").length));
      }),
      { numRuns: 300 },
    );
  });

  it("refuses malformed text with a message", () => {
    for (const bad of ["0x3.1", "s1:0x", "s1:x3", "s1:01", "s1:1..2", "s1:1x0", "s1:-1", "s2:1"]) {
      const r = decodeSchedule(bad);
      expect(r.ok, bad).toBe(false);
    }
  });
});
