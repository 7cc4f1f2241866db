// Hermitage schedules that show the engine's isolation bugs: an op parked just
// before a labelled engine step lets another txn run in the gap. The correct
// engine prevents each anomaly on the same schedule; the checkers agree.
import { describe, expect, it } from "vitest";
import { planCheckers, runPlan } from "../../../src/check/check-plan.js";
import { runOpScript, type OpScriptResult, type ScriptLine } from "../../../src/harness/op-script.js";
import type { KvTarget } from "../../../src/harness/target.js";
import { combineVerdicts } from "../../../src/history/verdict.js";
import { engineTargets, engineWithBugs } from "./engine-matrix.js";
import { SETUP, committed, reads } from "./schedules.js";

const correct = engineTargets[0]![1];
const siCheck = (r: OpScriptResult) => {
  const results = runPlan(planCheckers(r.history, { model: "snapshot-isolation", visibility: correct().visibility }), r.history);
  return { verdict: combineVerdicts(results.map((x) => x.verdict)), kinds: results.flatMap((x) => x.violations.map((v) => v.kind)) };
};
const run = (target: KvTarget, script: readonly ScriptLine[]): OpScriptResult => {
  const r = runOpScript({ target, script });
  expect(r.run.end, r.run.violations[0]?.explanation).toBe("done");
  return r;
};
const lines = (r: OpScriptResult): string => r.outcomes.map((o) => `${o.client} ${o.op}: ${o.result}${o.value === undefined ? "" : ` ${o.value}`}${o.reason ? ` (${o.reason})` : ""}`).join("; ");

describe("ww-check-toctou shows as P4 (lost update)", () => {
  // T1's write of x passes the write-write check, then parks before its push; T2 checks and pushes in the gap.
  const script: ScriptLine[] = [
    ...SETUP,
    ["T1", "begin"], ["T2", "begin"], ["T1", "r", "x"], ["T2", "r", "x"],
    { op: ["T1", "w", "x", 11], pauseAt: "install.push" }, ["T2", "w", "x", 12], ["T1", "resume"],
    ["T1", "commit"], ["T2", "commit"],
  ];
  const lostUpdate = (r: OpScriptResult) => committed(r, "T1") && committed(r, "T2") && reads(r, "T1")[0] === 10 && reads(r, "T2")[0] === 10;

  it("the correct engine re-checks when its push loses the race: one of the two aborts", () => {
    const r = run(correct(), script);
    expect(r.outcomes.find((o) => o.op === "resume")?.result, lines(r)).toBe("ok");
    expect(lostUpdate(r), lines(r)).toBe(false);
    expect(committed(r, "T1") !== committed(r, "T2"), lines(r)).toBe(true);
    expect(siCheck(r)).toEqual({ verdict: "ok", kinds: [] });
  });

  it("with the bug both writers commit, and the checkers name it", () => {
    const r = run(engineWithBugs(["ww-check-toctou"]), script);
    expect(lostUpdate(r), lines(r)).toBe(true);
    const found = siCheck(r);
    expect(found.verdict).toBe("violation");
    expect(found.kinds).toContain("concurrent-writers");
  });
});

describe("fractured-commit shows as G-single (read skew)", () => {
  // T1's commit parks between stamping x and stamping y; T3 begins and reads both in the gap.
  const script: ScriptLine[] = [
    ...SETUP,
    ["T1", "begin"], ["T1", "w", "x", 11], ["T1", "w", "y", 19],
    { op: ["T1", "commit"], pauseAt: "commit.stamp", nth: 2 },
    ["T3", "begin"], ["T3", "r", "x"], ["T3", "r", "y"], ["T3", "commit"], ["T1", "resume"],
  ];
  const whole = (r: OpScriptResult) => [[10, 20], [11, 19]].some(([x, y]) => reads(r, "T3")[0] === x && reads(r, "T3")[1] === y);

  it("the correct engine publishes the txn before stamping: T3 sees all of T1 or none", () => {
    const r = run(correct(), script);
    expect(r.outcomes.find((o) => o.op === "resume")?.result, lines(r)).toBe("ok");
    expect(whole(r), lines(r)).toBe(true);
    expect(committed(r, "T1") && committed(r, "T3")).toBe(true);
    expect(siCheck(r)).toEqual({ verdict: "ok", kinds: [] });
  });

  it("with the bug T3 sees x from T1 and y from before it, and the checkers name it", () => {
    const r = run(engineWithBugs(["fractured-commit"]), script);
    expect(whole(r), lines(r)).toBe(false);
    expect(reads(r, "T3"), lines(r)).toEqual([11, 20]);
    expect(siCheck(r).verdict).toBe("violation");
  });
});
