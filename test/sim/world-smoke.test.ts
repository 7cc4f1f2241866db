import { describe, expect, it } from "vitest";
import { World, DEFAULT_WORLD } from "../../src/sim/world.js";
import type { Ports } from "../../src/engine/ports.js";

function* incrementer(p: Ports, addr: number, n: number) {
  for (let i = 0; i < n; i++) {
    const v = yield* p.mem.load(addr, "inc.load");
    yield* p.mem.store(addr, v + 1, "inc.store");
  }
}

describe("world smoke", () => {
  it("runs two racing incrementers deterministically", () => {
    const run = (seed: bigint) => {
      const w = new World({ ...DEFAULT_WORLD, seed });
      const pid = w.spawnProcess("p");
      w.spawnThread(pid, "a", (p) => incrementer(p, 0, 5));
      w.spawnThread(pid, "b", (p) => incrementer(p, 0, 5));
      const out = w.run();
      return { out, final: w.arena.load(0) };
    };
    const a = run(1n);
    const b = run(1n);
    expect(a.out.traceHash).toBe(b.out.traceHash);
    expect(a.out.steps).toBe(20);
    expect(a.out.verdict).toBe("ok");
    const finals = new Set<number>();
    for (let s = 0n; s < 50n; s++) finals.add(run(s).final);
    expect(Math.max(...finals)).toBeLessThanOrEqual(10);
    expect(finals.size).toBeGreaterThan(1); // different seeds, different interleavings
    expect(Math.min(...finals)).toBeLessThan(10); // lost updates happen
  });
});
