import { describe, expect, it } from "vitest";
import type { Ports } from "../../src/engine/ports.js";
import { NO_FAULTS } from "../../src/sim/faults.js";
import { DEFAULT_WORLD, World } from "../../src/sim/world.js";

function* committer(p: Ports, n: number) {
  for (let i = 0; i < n; i++) {
    yield* p.mem.store(64 + 2 * p.tid, i + 1, "commit.begin");
    yield* p.mem.store(65 + 2 * p.tid, i + 1, "commit.publish");
  }
}

describe("faults", () => {
  it("an aimed crash point stops the process before the Nth arrival at the label", () => {
    const w = new World({
      ...DEFAULT_WORLD,
      seed: 3n,
      arena: { ...DEFAULT_WORLD.arena, reservedWords: 128 },
      faults: { ...NO_FAULTS, crashPoints: [{ label: "commit.publish", nth: 3, pid: 1 }] },
    });
    const crashed: number[] = [];
    w.hooks = { onCrash: (pid) => crashed.push(pid) };
    const p1 = w.spawnProcess("victim");
    const p2 = w.spawnProcess("survivor");
    const t1 = w.spawnThread(p1, "v", (p) => committer(p, 5));
    const t2 = w.spawnThread(p2, "s", (p) => committer(p, 5));
    const out = w.run();
    expect(out.end).toBe("done");
    expect(crashed).toEqual([p1]);
    expect(w.processes.isAlive(p1)).toBe(false);
    // The victim began its 3rd commit but never published it; its arena writes stay.
    expect(w.arena.load(64 + 2 * t1)).toBe(3);
    expect(w.arena.load(65 + 2 * t1)).toBe(2);
    // The survivor finished.
    expect(w.arena.load(65 + 2 * t2)).toBe(5);
    expect(w.history.all().filter((e) => e.f === "crash")).toHaveLength(1);
  });

  it("power loss kills every process and drops the arena", () => {
    const w = new World({
      ...DEFAULT_WORLD,
      seed: 3n,
      arena: { ...DEFAULT_WORLD.arena, reservedWords: 128 },
      faults: { ...NO_FAULTS, crashPoints: [{ label: "commit.publish", nth: 2, kind: "power" }] },
    });
    let powerLosses = 0;
    w.hooks = { onPowerLoss: () => powerLosses++ };
    const a = w.spawnProcess("a");
    const b = w.spawnProcess("b");
    w.spawnThread(a, "a", (p) => committer(p, 5));
    w.spawnThread(b, "b", (p) => committer(p, 5));
    const out = w.run();
    expect(out.end).toBe("done");
    expect(powerLosses).toBe(1);
    expect(w.processes.alivePids()).toEqual([]);
    for (let i = 64; i < 72; i++) expect(w.arena.load(i)).toBe(0);
  });

  it("random crashes respect their maximum and never touch non-crashable processes", () => {
    for (let seed = 0n; seed < 20n; seed++) {
      const w = new World({
        ...DEFAULT_WORLD,
        seed,
        arena: { ...DEFAULT_WORLD.arena, reservedWords: 128 },
        faults: { ...NO_FAULTS, processCrashProbabilityPerStep: 0.2, processCrashesMax: 1 },
      });
      const safe = w.spawnProcess("safe", { crashable: false });
      const pids = [w.spawnProcess("x"), w.spawnProcess("y")];
      w.spawnThread(safe, "s", (p) => committer(p, 10));
      for (const pid of pids) w.spawnThread(pid, `t${pid}`, (p) => committer(p, 10));
      w.run();
      expect(w.processes.isAlive(safe)).toBe(true);
      expect(pids.filter((p) => !w.processes.isAlive(p)).length).toBeLessThanOrEqual(1);
    }
  });
});
