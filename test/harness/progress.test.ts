// Progress output under an injected clock: a TTY gets one redrawn line at a
// bounded rate, CI gets a plain line every few seconds, and the figures
// (seeds done, rate, violations, time left) are right.
import { describe, expect, it } from "vitest";
import { formatDuration, Progress, progressLine } from "../../src/harness/progress.js";

function sink(tty: boolean) {
  const writes: string[] = [];
  return { writes, sink: { tty, write: (t: string) => void writes.push(t) } };
}

describe("progressLine", () => {
  it("shows done/total, rate, violations, unknowns and time left", () => {
    expect(progressLine("gate", { done: 50, total: 200, violations: 2, unknown: 1 }, 10_000)).toBe("gate: 50/200 seeds · 5.0 seeds/s · 2 violations · 1 unknown · ~30s left");
    expect(progressLine("", { done: 0, total: 10, violations: 0, unknown: 0 }, 0)).toBe("0/10 seeds · 0.0 seeds/s · 0 violations · time left: ?");
    expect(progressLine("x", { done: 10, total: 10, violations: 1, unknown: 0 }, 2500)).toBe("x: 10/10 seeds · 4.0 seeds/s · 1 violation · done in 2.5s");
  });

  it("formats durations", () => {
    expect(formatDuration(1234)).toBe("1.2s");
    expect(formatDuration(42_000)).toBe("42s");
    expect(formatDuration(65_000)).toBe("1m05s");
    expect(formatDuration(7_380_000)).toBe("2h03m");
  });
});

describe("Progress", () => {
  it("on a TTY redraws one line in place, at most every redrawEveryMs", () => {
    let now = 0;
    const s = sink(true);
    const p = new Progress(s.sink, { total: 4, label: "t", nowMs: () => now, redrawEveryMs: 100 });
    expect(s.writes).toEqual([]);
    now = 10;
    p.seedDone("ok"); // first draw
    now = 50;
    p.seedDone("violation"); // too soon: no draw
    now = 200;
    p.seedDone("unknown");
    p.finish();
    expect(s.writes.filter((w) => w.startsWith("\r"))).toHaveLength(3);
    expect(s.writes.every((w) => w === "\n" || (w.startsWith("\r") && w.endsWith("\x1b[K")))).toBe(true);
    expect(s.writes.at(-1)).toBe("\n");
    expect(s.writes.at(-2)).toContain("t: 3/4 seeds");
    expect(p.counts()).toEqual({ done: 3, total: 4, violations: 1, unknown: 1 });
  });

  it("without a TTY prints a plain line at the start and then every lineEveryMs", () => {
    let now = 0;
    const s = sink(false);
    const p = new Progress(s.sink, { total: 100, nowMs: () => now, lineEveryMs: 5000 });
    for (let i = 0; i < 100; i++) {
      now += 200; // 20 s in all
      p.seedDone("ok");
    }
    p.finish();
    expect(s.writes.every((w) => w.endsWith("\n") && !w.includes("\r"))).toBe(true);
    // start, then at 5, 10, 15, 20 s, then the final line
    expect(s.writes).toHaveLength(6);
    expect(s.writes.at(-1)).toBe("100/100 seeds · 5.0 seeds/s · 0 violations · done in 20s\n");
  });
});
