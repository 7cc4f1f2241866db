// Whole stress runs on real threads over the copy-on-write toy store: the run
// lasts the time asked with every thread doing ops to the end, killed clients
// are restarted as new processes, a log far smaller than the run drains while
// it goes on and loses no op, and the merged history goes through the
// checkers (the store's lossy twin must be flagged). The engine itself, through
// the CLI, is in stress-command.test.ts. Two seconds of run each.
import { describe, expect, it } from "vitest";
import { checkStressHistory, stressTarget } from "../../src/cli/commands/stress.js";
import { SYSTEM_PROCESS } from "../../src/history/events.js";
import { DEFAULT_STRESS, runStress, type StressOptions } from "../../src/real/stress-run.js";
import { testCoordinator } from "./worker-setup.js";

const RUN: Omit<StressOptions, "target" | "module"> = {
  // The toy store never frees a table: two threads here fill 1 M words in 1.0 to 1.4 s, so the
  // arena holds 32 M words (128 MB of shared memory, touched only as used), some 30 s of run.
  ...DEFAULT_STRESS, threads: 2, seconds: 2, seed: 7n, killEveryMs: 400, arenaWords: 1 << 25,
  // About 30 events: the run logs thousands, so the ring wraps and writers wait for drains.
  logWordsPerWorker: 1024,
  execArgv: testCoordinator().execArgv,
};
const TEST_BODIES = testCoordinator().module;

describe("stress run", () => {
  it("lasts the time asked, every thread busy to the end; kills restart; a small log loses nothing", async () => {
    const target = stressTarget("cow-kv");
    const r = await runStress({ ...RUN, target, module: TEST_BODIES });
    expect(r.problems.join("\n")).toBe("");

    // The time asked (the stop comes from a timer), and the clients end soon after it.
    expect(r.runMs).toBeGreaterThanOrEqual(2000);
    expect(r.runMs).toBeLessThan(2500);
    expect(r.endMs - r.runMs).toBeLessThan(2000);
    // Every thread did ops through the whole run, its last quarter included.
    expect(r.threads).toHaveLength(2);
    for (const t of r.threads) {
      // Clients wait for the clock, so no op comes before the run's start.
      expect(t.firstOpMs!, `thread ${t.thread}`).toBeGreaterThanOrEqual(0);
      expect(t.lastQuarterOps, `thread ${t.thread}`).toBeGreaterThan(0);
      expect(t.lastOpMs!, `thread ${t.thread}`).toBeGreaterThanOrEqual(1500);
    }

    // Each kill was followed by a restart in the same slot as a new process, which then did ops.
    expect(r.kills.length).toBeGreaterThanOrEqual(1);
    expect(r.kills.some((k) => k.inCommit)).toBe(true);
    const pids = r.outcomes.map((o) => o.pid);
    expect(new Set(pids).size).toBe(pids.length);
    expect(r.outcomes.filter((o) => o.status === "killed")).toHaveLength(r.kills.length);
    expect(r.outcomes.filter((o) => o.status !== "killed").map((o) => o.status)).toEqual(["done", "done"]);
    for (const k of r.kills) {
      expect(k.restartMs, `restart of pid ${k.pid}`).toBeDefined();
      expect(r.threads[k.client]!.processes).toContain(k.restartPid - 2);
      expect(r.events.some((e) => e.process === k.restartPid - 2 && e.type === "invoke")).toBe(true);
      // The dead process's open op ends in info after its crash, and it never invokes again.
      const crash = r.events.findIndex((e) => e.process === SYSTEM_PROCESS && e.f === "crash" && (e.value as { pid: number }).pid === k.pid);
      expect(r.events.slice(crash + 1).filter((e) => e.process === k.pid - 2 && e.type === "invoke")).toEqual([]);
    }

    // The log held a few dozen events at a time and was drained far more than that, losing none:
    // each process that ended reports as many ops as the history holds invokes of it.
    expect(r.log.words).toBeGreaterThan(20 * r.log.capacityWords);
    r.outcomes.forEach((o, i) => {
      if (o.status !== "done") return;
      expect(r.counts[i]!.stoppedBy, `pid ${o.pid}`).toBe("stop");
      const invokes = r.events.filter((e) => e.process === o.pid - 2 && e.type === "invoke").length;
      expect(invokes, `pid ${o.pid}`).toBe(r.counts[i]!.ops);
    });

    const results = checkStressHistory(r.events, target.visibility);
    expect(results.map((x) => `${x.checker}: ${x.verdict}`)).toEqual(results.map((x) => `${x.checker}: ok`));
  });

  it("the same run over a store that drops the last write of a commit is flagged", async () => {
    const target = stressTarget("cow-kv-lost-write");
    const r = await runStress({ ...RUN, seconds: 1, target, module: TEST_BODIES });
    expect(r.problems.join("\n")).toBe("");
    const si = checkStressHistory(r.events, target.visibility).filter((x) => x.checker.startsWith("snapshot-isolation"));
    expect(si.flatMap((x) => x.violations).length).toBeGreaterThan(0);
  });
});
