// Whole stress runs on real threads: a client is killed inside a commit, the
// others carry on, a final reader reads every key, and the merged history
// goes through the checkers. With the copy-on-write toy store (and its lossy
// twin, which must be flagged) and with the engine itself. Kept short: small
// logs, one second each, but at least 100 ops per client whatever the load.
import { describe, expect, it } from "vitest";
import { checkStressHistory, stressTarget } from "../../src/cli/commands/stress.js";
import { SYSTEM_PROCESS } from "../../src/history/events.js";
import { DEFAULT_STRESS, runStress, type StressOptions } from "../../src/real/stress-run.js";
import { testCoordinator } from "./worker-setup.js";

const SHORT: Omit<StressOptions, "target" | "module"> = {
  ...DEFAULT_STRESS, threads: 2, seconds: 1, seed: 7n, logWordsPerWorker: 1 << 16, arenaWords: 1 << 20, opsMinPerClient: 100,
  execArgv: testCoordinator().execArgv,
};
const TEST_BODIES = testCoordinator().module;
const CLI_BODIES = new URL("../../src/cli/commands/stress.ts", import.meta.url);

describe("stress run", () => {
  it("kills a client inside a commit; the merged history checks out (toy store)", async () => {
    const target = stressTarget("cow-kv");
    const r = await runStress({ ...SHORT, target, module: TEST_BODIES });
    expect(r.problems.join("\n")).toBe("");
    expect(r.kills).toHaveLength(1);
    expect(r.kills[0]!.inCommit).toBe(true);
    const crash = r.events.findIndex((e) => e.process === SYSTEM_PROCESS && e.f === "crash");
    expect(crash).toBeGreaterThan(0);
    // The victim's open commit ends in info after the crash, and it never invokes again.
    const after = r.events.slice(crash + 1).filter((e) => e.process === r.kills[0]!.client);
    expect(after.map((e) => e.type)).toEqual(["info"]);
    const results = checkStressHistory(r.events, target.visibility);
    expect(results.map((x) => `${x.checker}: ${x.verdict}`)).toEqual(results.map((x) => `${x.checker}: ok`));
    expect(r.events.filter((e) => e.type === "ok" && e.f === "txn").length).toBeGreaterThan(10);
  });

  it("the same run over a store that drops the last write of a commit is flagged", async () => {
    const target = stressTarget("cow-kv-lost-write");
    const r = await runStress({ ...SHORT, target, module: TEST_BODIES });
    expect(r.problems.join("\n")).toBe("");
    const si = checkStressHistory(r.events, target.visibility).filter((x) => x.checker.startsWith("snapshot-isolation"));
    expect(si.flatMap((x) => x.violations).length).toBeGreaterThan(0);
  });

  it("runs the engine: a client dies mid-commit, survivors recover, the history checks out", async () => {
    const target = stressTarget("engine");
    const r = await runStress({ ...SHORT, target, module: CLI_BODIES });
    expect(r.problems.join("\n")).toBe("");
    expect(r.kills.map((k) => k.inCommit)).toEqual([true]);
    expect(r.outcomes.map((o) => o.status).sort()).toEqual(["done", "killed"]);
    const results = checkStressHistory(r.events, target.visibility);
    expect(results.map((x) => `${x.checker}: ${x.verdict}`)).toEqual(results.map((x) => `${x.checker}: ok`));
    expect(r.events.filter((e) => e.type === "ok" && e.f === "txn").length).toBeGreaterThan(10);
  });
});
