// The streaming Checker wrapper and determinism: buffering then analysing gives
// the one-shot answer, the same history always gives the same output, and an
// EDN export / import of a history keeps its verdict.
import { describe, expect, it } from "vitest";
import { runChecker } from "../../../src/check/checker.js";
import { parseEdnHistory, toEdnHistory } from "../../../src/history/edn.js";
import { generateHistory } from "../../../src/check/graph/append-workload.js";
import { checkDependencyGraph, dependencyGraphChecker } from "../../../src/check/graph/index.js";
import type { HistoryEvent, MicroOp } from "../../../src/history/events.js";
import { Rng } from "../../../src/sim/rng.js";

function brokenHistory(): HistoryEvent[] {
  const events = generateHistory(new Rng(42n).fork("wrapper"), { txns: 300, registerShare: 0.3, processes: 4, activeKeys: 3 });
  // make every read of the first register key return nil: stale reads galore
  return events.map((e) =>
    e.type === "ok"
      ? { ...e, value: (e.value as MicroOp[]).map((op): MicroOp => (op[0] === "r" && op[1] === -1 ? ["r", -1, null] : op)) }
      : e,
  );
}

describe("dependencyGraphChecker", () => {
  it("answers like checkDependencyGraph once the history is in", () => {
    const events = brokenHistory();
    const checker = dependencyGraphChecker({ model: "snapshot-isolation" });
    expect(checker.property).toBe("snapshot-isolation");
    const streamed = runChecker(checker, events);
    const direct = checkDependencyGraph(events, { model: "snapshot-isolation" });
    expect(streamed).toEqual(direct);
    expect(direct.verdict).toBe("violation");
  });

  it("is deterministic: the same history gives the same output", () => {
    const a = JSON.stringify(checkDependencyGraph(brokenHistory(), { model: "strict-serializable", process: true }));
    const b = JSON.stringify(checkDependencyGraph(brokenHistory(), { model: "strict-serializable", process: true }));
    expect(a).toBe(b);
  });

  it("keeps the verdict through an EDN round trip", () => {
    const events = brokenHistory();
    const back = parseEdnHistory(toEdnHistory(events), "broken.edn");
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    const a = checkDependencyGraph(events, { model: "serializable" });
    const b = checkDependencyGraph(back.events, { model: "serializable" });
    expect(b.anomalies).toEqual(a.anomalies);
    expect(b.verdict).toBe(a.verdict);
  });
});
