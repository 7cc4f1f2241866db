// Hand-built run reports for the writer and merge tests: a passing scenario and
// a failing one whose failing seed has a history with a crash, a power loss, a
// G-single cycle between two txns and a non-linearizable key.
import type { HistoryEvent } from "../../src/history/events.js";
import type { Violation } from "../../src/history/verdict.js";
import { seedResult, type RunReport, type SeedResult } from "../../src/harness/run-result.js";
import { buildReport, scenarioReport } from "../../src/harness/run-summary.js";
import type { Expectation } from "../../src/harness/scenario.js";

let index = 0;
function ev(e: Omit<HistoryEvent, "index" | "time">, time: number): HistoryEvent {
  return { ...e, index: index++, time };
}

export function failingHistory(): HistoryEvent[] {
  index = 0;
  return [
    ev({ type: "invoke", process: 0, thread: 1, f: "txn", value: [["r", "x", null], ["w", "y", 1]] }, 0),
    ev({ type: "invoke", process: 1, thread: 2, f: "txn", value: [["r", "y", null], ["w", "x", 2]] }, 1),
    ev({ type: "ok", process: 0, thread: 1, f: "txn", value: [["r", "x", null], ["w", "y", 1]], txn: { id: 1, start: 1, commit: 3 } }, 5),
    ev({ type: "ok", process: 1, thread: 2, f: "txn", value: [["r", "y", null], ["w", "x", 2]], txn: { id: 2, start: 1, commit: 4 } }, 6),
    ev({ type: "info", process: -1, f: "crash", value: { pid: 0 } }, 7),
    ev({ type: "invoke", process: 2, thread: 3, f: "write", value: ["k", 5] }, 8),
    ev({ type: "invoke", process: 3, thread: 4, f: "read", value: ["k", null] }, 9),
    ev({ type: "ok", process: 2, thread: 3, f: "write", value: ["k", 5] }, 10),
    ev({ type: "ok", process: 3, thread: 4, f: "read", value: ["k", 7] }, 11),
    ev({ type: "info", process: -1, f: "power-loss", value: null }, 12),
    ev({ type: "invoke", process: 2, thread: 3, f: "write", value: ["k", 6] }, 13),
    ev({ type: "info", process: 2, thread: 3, f: "write", value: ["k", 6], error: "power loss" }, 14),
  ];
}

export const cycleViolation: Violation = {
  kind: "G2-item",
  property: "serializability",
  step: 3,
  threads: [0, 1],
  evidence: {
    cycle: [
      { from: "T0", to: "T1", type: "rw", key: "x", value: 2, explanation: "T0 read x=nil and T1 overwrote it with x=2 <&> \"quoted\"" },
      { from: "T1", to: "T0", type: "rw", key: "y", value: 1, explanation: "T1 read y=nil and T0 overwrote it with y=1" },
    ],
    txns: [
      { name: "T0", process: 0, status: "ok", invokeIndex: 0, completeIndex: 2, ops: [] },
      { name: "T1", process: 1, status: "ok", invokeIndex: 1, completeIndex: 3, ops: [] },
    ],
    subHistory: failingHistory().slice(0, 4),
  },
  explanation: "T0 → T1 → T0 is a cycle: write skew </script><script>alert(1)</script>",
  rulesOut: ["serializable"],
};

export const linViolation: Violation = {
  kind: "non-linearizable",
  property: "linearizability",
  step: 8,
  threads: [2, 3],
  evidence: {
    key: "k",
    linearized: [{ step: 5, process: 2, op: "write 5", stateAfter: 5 }],
    stateAfterLongest: 5,
    blocked: "read -> 7",
    unplaced: [{ step: 6, process: 3, op: "read -> 7" }],
    unplacedCount: 1,
  },
  explanation: "no order of the ops on key \"k\" explains process 3's read -> 7",
};

export function seed(scenario: string, i: number, verdict: "ok" | "violation" | "unknown", extra: { violations?: Violation[]; hash?: string } = {}): SeedResult {
  const failing = verdict === "violation";
  return seedResult(scenario, i, { scenario: `scenarios/${scenario}.json`, seed: BigInt(100 + i) }, {
    verdict,
    violations: extra.violations ?? [],
    steps: 1000 + i,
    timeUs: 2000 + i,
    traceHash: extra.hash ?? `hash-${scenario}-${i}`,
    ...(failing ? { decisions: [0, 0, 1, 1, 1, 0], history: failingHistory() } : {}),
    ...(verdict === "unknown" ? { unknownReasons: ["step budget ran out"] } : {}),
  });
}

export function scenario(name: string, expect: Expectation, seeds: SeedResult[], bugs: string[] = []) {
  return scenarioReport({ name, file: `scenarios/${name}.json`, description: `the ${name} scenario`, expect, bugs, strategy: "random" }, seeds);
}

export function sampleReport(): RunReport {
  return buildReport({ runId: "20261121-130000-abcd", startedAt: "2026-11-21T13:00:00.000Z", command: "mvsim gate" }, [
    scenario("bank", { kind: "pass" }, [seed("bank", 0, "ok"), seed("bank", 1, "violation", { violations: [cycleViolation, linViolation] }), seed("bank", 2, "ok")]),
    scenario("quiet", { kind: "pass" }, [seed("quiet", 0, "ok"), seed("quiet", 1, "ok")]),
  ]);
}
