// Each non-cycle anomaly: a minimal history that has it, and a near twin that has not.
import { describe, expect, it } from "vitest";
import { checkDependencyGraph, type ConsistencyModel } from "../../../src/check/graph/index.js";
import type { HistoryEvent } from "../../../src/history/events.js";
import { h } from "./history-builder.js";

function anomalies(events: readonly HistoryEvent[], model: ConsistencyModel = "serializable"): string[] {
  return checkDependencyGraph(events, { model }).anomalies;
}

describe("G1a (aborted read)", () => {
  const mk = (t1: "ok" | "fail") => h().txn(0, [["append", "x", 1]], t1).txn(1, [["r", "x", [1]]]).events;
  it("flags reading a failed append", () => {
    const r = checkDependencyGraph(mk("fail"), { model: "read-committed" });
    expect(r.anomalies).toEqual(["G1a"]);
    expect(r.violations[0]!.property).toBe("atomic-visibility");
    expect(r.violations[0]!.explanation).toMatch(/failed: an aborted write must never be seen/);
    expect(r.violations[0]!.step).toBe(3);
    expect(r.violations[0]!.threads).toEqual([0, 1]);
  });
  it("passes when the append committed", () => expect(anomalies(mk("ok"))).toEqual([]));
  it("flags the register form", () => {
    const reg = (t: "ok" | "fail") => h().txn(0, [["w", "x", 1]], t).txn(1, [["r", "x", 1]]).events;
    expect(anomalies(reg("fail"))).toEqual(["G1a"]);
    expect(anomalies(reg("ok"))).toEqual([]);
  });
});

describe("G1b (intermediate read)", () => {
  it("flags reading a list state a txn went past", () => {
    const mk = (seen: number[]) => h().txn(0, [["append", "x", 1], ["append", "x", 2]]).txn(1, [["r", "x", seen]]).events;
    // The unread 2 comes after the 1 T2 saw (Elle's rule), so T2 also missed
    // part of T1: a G-single (T1 -wr-> T2 -rw-> T1) besides the G1b.
    expect(anomalies(mk([1]))).toEqual(["G-single", "G1b"]);
    expect(anomalies(mk([1, 2]))).toEqual([]);
  });
  it("flags reading a register value that its writer overwrote", () => {
    const mk = (seen: number) => h().txn(0, [["w", "x", 1], ["w", "x", 2]]).txn(1, [["r", "x", seen]]).events;
    expect(anomalies(mk(1))).toEqual(["G1b"]);
    expect(anomalies(mk(2))).toEqual([]);
  });
});

describe("dirty update", () => {
  const mk = (t1: "ok" | "fail") =>
    h().txn(0, [["append", "x", 1]], t1).txn(1, [["append", "x", 2]]).txn(2, [["r", "x", [1, 2]]]).events;
  it("flags a committed append placed after a failed one", () => {
    const found = anomalies(mk("fail"), "read-committed");
    expect(found).toContain("dirty-update");
    expect(found).toContain("G1a");
  });
  it("passes when both committed", () => expect(anomalies(mk("ok"))).toEqual([]));
});

describe("lost update", () => {
  const mk = (t2Reads: number | null) =>
    h()
      .invoke(0, [["r", "x", null], ["w", "x", 1]])
      .invoke(1, [["r", "x", null], ["w", "x", 2]])
      .complete(0, "ok", [["r", "x", null], ["w", "x", 1]])
      .complete(1, "ok", [["r", "x", t2Reads], ["w", "x", 2]]).events;
  it("flags two committed read-modify-writes of the same version", () => {
    const r = checkDependencyGraph(mk(null), { model: "snapshot-isolation" });
    expect(r.anomalies).toContain("lost-update");
    expect(r.verdict).toBe("violation");
    const v = r.violations.find((x) => x.kind === "lost-update")!;
    expect(v.property).toBe("write-conflict");
    expect(v.rulesOut).toEqual([
      "snapshot-isolation",
      "strong-session-snapshot-isolation",
      "strong-snapshot-isolation",
      "serializable",
      "strong-session-serializable",
      "strict-serializable",
    ]);
    expect(checkDependencyGraph(mk(null), { model: "read-committed" }).verdict).toBe("ok");
  });
  it("passes when the second saw the first", () => expect(anomalies(mk(1))).toEqual([]));
  it("flags the list-append form", () => {
    const la = (t2Reads: number[]) =>
      h()
        .invoke(0, [["r", "x", null], ["append", "x", 1]])
        .invoke(1, [["r", "x", null], ["append", "x", 2]])
        .complete(0, "ok", [["r", "x", []], ["append", "x", 1]])
        .complete(1, "ok", [["r", "x", t2Reads], ["append", "x", 2]])
        .txn(2, [["r", "x", [1, 2]]]).events;
    expect(anomalies(la([]))).toContain("lost-update");
    expect(anomalies(la([1]))).toEqual([]);
  });
});

describe("internal", () => {
  it("flags a list read that misses the txn's own append", () => {
    const mk = (seen: number[]) => h().txn(0, [["append", "x", 1], ["r", "x", seen]]).events;
    const r = checkDependencyGraph(mk([]), { model: "snapshot-isolation" });
    expect(r.anomalies).toEqual(["internal"]);
    expect(r.violations[0]!.explanation).toMatch(/should have read a list ending in \[1\]/);
    expect(anomalies(mk([1]))).toEqual([]);
  });
  it("flags a register read that disagrees with the txn's own write", () => {
    const mk = (seen: number) => h().txn(1, [["w", "x", 2]]).txn(0, [["w", "x", 1], ["r", "x", seen]]).events;
    expect(anomalies(mk(2))).toContain("internal");
    expect(anomalies(mk(1))).toEqual([]);
  });
  it("flags two reads of one key that differ without a write between", () => {
    const mk = (second: number | null) => h().txn(1, [["w", "x", 2]]).txn(0, [["r", "x", null], ["r", "x", second]]).events;
    expect(anomalies(mk(2))).toContain("internal");
    expect(anomalies(mk(null))).toEqual([]);
  });
});

describe("future read", () => {
  it("flags reading an element the txn appends only later", () => {
    const bad = h().txn(0, [["r", "x", [1]], ["append", "x", 1]]).events;
    const good = h().txn(0, [["append", "x", 1], ["r", "x", [1]]]).events;
    expect(anomalies(bad)).toContain("future-read");
    expect(anomalies(good)).toEqual([]);
  });
  it("flags the register form", () => {
    expect(anomalies(h().txn(0, [["r", "x", 1], ["w", "x", 1]]).events)).toContain("future-read");
    expect(anomalies(h().txn(0, [["w", "x", 1], ["r", "x", 1]]).events)).toEqual([]);
  });
});

describe("incompatible order", () => {
  const mk = (t4: number[]) =>
    h().txn(0, [["append", "x", 1]]).txn(1, [["append", "x", 2]]).txn(2, [["r", "x", [1, 2]]]).txn(3, [["r", "x", t4]]).events;
  it("flags two reads that are not prefixes of one another", () => {
    const r = checkDependencyGraph(mk([2]), { model: "read-committed" });
    expect(r.anomalies).toEqual(["incompatible-order"]);
    expect(r.violations[0]!.explanation).toMatch(/neither is a prefix of the other/);
  });
  it("passes prefix-compatible reads", () => expect(anomalies(mk([1]))).toEqual([]));
});

describe("duplicate elements", () => {
  it("flags an element read twice", () => {
    expect(anomalies(h().txn(0, [["append", "x", 1]]).txn(1, [["r", "x", [1, 1]]]).events)).toContain("duplicate-elements");
    expect(anomalies(h().txn(0, [["append", "x", 1]]).txn(1, [["r", "x", [1]]]).events)).toEqual([]);
  });
});

describe("garbage read", () => {
  it("flags a value nobody wrote", () => {
    expect(anomalies(h().txn(0, [["append", "x", 1]]).txn(1, [["r", "x", [7]]]).events)).toContain("garbage-read");
    expect(anomalies(h().txn(0, [["append", "x", 7]]).txn(1, [["r", "x", [7]]]).events)).toEqual([]);
    expect(anomalies(h().txn(0, [["w", "x", 1]]).txn(1, [["r", "x", 9]]).events)).toEqual(["garbage-read"]);
    expect(anomalies(h().txn(0, [["w", "x", 9]]).txn(1, [["r", "x", 9]]).events)).toEqual([]);
  });
});

describe("indeterminate and malformed input", () => {
  it("treats an info txn whose write was seen as committed", () => {
    const events = h().txn(0, [["append", "x", 1]], "info").txn(1, [["r", "x", [1]]]).events;
    expect(anomalies(events)).toEqual([]);
  });
  it("answers unknown with the event named when a txn value is malformed", () => {
    const r = checkDependencyGraph(
      [{ type: "invoke", process: 0, f: "txn", value: [["x", 1]], index: 0 }],
      { model: "serializable" },
    );
    expect(r.verdict).toBe("unknown");
    expect(r.unknownReason).toMatch(/event 0: expected a micro-op/);
  });
  it("treats single-key read/append ops as one-op txns", () => {
    const ev: HistoryEvent[] = [
      { type: "invoke", process: 0, f: "append", value: ["x", 1], index: 0 },
      { type: "fail", process: 0, f: "append", value: ["x", 1], index: 1 },
      { type: "invoke", process: 1, f: "read", value: ["x", null], index: 2 },
      { type: "ok", process: 1, f: "read", value: ["x", [1]], index: 3 },
    ];
    expect(anomalies(ev)).toEqual(["G1a"]);
  });
});
