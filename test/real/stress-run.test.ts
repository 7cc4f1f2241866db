// A whole stress run on real threads with the copy-on-write toy store: a client
// is killed inside a commit, the others carry on, the final read and the merged
// history pass the checkers. Kept short: small logs, one second.
import { describe, expect, it } from "vitest";
import { SYSTEM_PROCESS } from "../../src/sim/history.js";
import { DEFAULT_STRESS, runStress } from "../../src/real/stress-run.js";
import { testCoordinator } from "./worker-setup.js";

describe("stress run", () => {
  it("kills a client inside a commit; the merged history checks out", async () => {
    const r = await runStress({
      ...DEFAULT_STRESS, threads: 2, seconds: 1, seed: 7n, logWordsPerWorker: 1 << 16, arenaWords: 1 << 20,
      execArgv: testCoordinator().execArgv,
    });
    expect(r.problems).toEqual([]);
    expect(r.kills).toHaveLength(1);
    expect(r.kills[0]!.inCommit).toBe(true);
    const crash = r.events.findIndex((e) => e.process === SYSTEM_PROCESS && e.f === "crash");
    expect(crash).toBeGreaterThan(0);
    const victim = r.kills[0]!.client;
    // The victim's open commit ends in info after the crash, and it never invokes again.
    const after = r.events.slice(crash + 1).filter((e) => e.process === victim);
    expect(after.map((e) => e.type)).toEqual(["info"]);
    expect(r.results.map((x) => `${x.checker}: ${x.verdict}`)).toEqual(r.results.map((x) => `${x.checker}: ok`));
    expect(r.verdict).toBe("ok");
    expect(r.events.filter((e) => e.type === "ok" && e.f === "txn").length).toBeGreaterThan(10);
  });

  it("the same run over a store that drops the last write of a commit is flagged", async () => {
    const r = await runStress({
      ...DEFAULT_STRESS, target: "cow-kv-lost-write", threads: 2, seconds: 1, seed: 7n, logWordsPerWorker: 1 << 16,
      arenaWords: 1 << 20, execArgv: testCoordinator().execArgv,
    });
    expect(r.problems).toEqual([]);
    expect(r.verdict).toBe("violation");
    const siViolations = r.results.filter((x) => x.checker.startsWith("snapshot-isolation")).flatMap((x) => x.violations);
    expect(siViolations.length).toBeGreaterThan(0);
  });
});
