// rw-register inference: single-key cas as a read then a write, failed writes
// outside the unique-value rule, contradictory orders as cyclic-versions, the
// initial-state option, and process edges that never leave an indeterminate op.
import { describe, expect, it } from "vitest";
import { checkDependencyGraph } from "../../../src/check/graph/index.js";
import type { HistoryEvent } from "../../../src/history/events.js";
import { h } from "./history-builder.js";

const ev = (type: HistoryEvent["type"], process: number, f: HistoryEvent["f"], value: unknown, index: number): HistoryEvent =>
  ({ type, process, f, value, index }) as HistoryEvent;

describe("single-key cas", () => {
  // write x=1; cas x 1→2; a txn reads x=2.
  const mk = (casType: "ok" | "fail", read: number) => [
    ev("invoke", 0, "write", ["x", 1], 0),
    ev("ok", 0, "write", ["x", 1], 1),
    ev("invoke", 0, "cas", ["x", [1, 2]], 2),
    ev(casType, 0, "cas", ["x", [1, 2]], 3),
    ev("invoke", 1, "txn", [["r", "x", null]], 4),
    ev("ok", 1, "txn", [["r", "x", read]], 5),
  ];
  it("is a write: a read of the value it installed is no garbage-read", () => {
    const r = checkDependencyGraph(mk("ok", 2), { model: "strict-serializable" });
    expect(r.anomalies).toEqual([]);
    expect(r.verdict).toBe("ok");
  });
  it("is a read of the expected value: reading x=1 after the cas completed is a stale read", () => {
    const r = checkDependencyGraph(mk("ok", 1), { model: "strict-serializable" });
    expect(r.anomalies).toEqual(["G-single-realtime"]);
    expect(r.violations[0]!.explanation).toMatch(/read x=1 and T\d+ overwrote that version with x=2/);
  });
  it("failed: never took effect, so its value seen is an aborted read", () => {
    expect(checkDependencyGraph(mk("fail", 2), { model: "read-committed" }).anomalies).toEqual(["G1a"]);
    expect(checkDependencyGraph(mk("fail", 1), { model: "strict-serializable" }).anomalies).toEqual([]);
  });
  it("on a list, from L to L + [e], is a read of L and an append of e", () => {
    const events = [
      ev("invoke", 0, "cas", ["l", [null, [7]]], 0),
      ev("ok", 0, "cas", ["l", [null, [7]]], 1),
      ev("invoke", 1, "txn", [["r", "l", null]], 2),
      ev("ok", 1, "txn", [["r", "l", [7]]], 3),
    ];
    const r = checkDependencyGraph(events, { model: "strict-serializable" });
    expect(r.anomalies).toEqual([]);
    expect(r.stats!.dataEdges).toBe(1); // wr: the reader saw the append
  });
});

describe("failed writes and the unique-value rule", () => {
  // Hermitage P4 on the engine: T1 and T2 read x=10; T2's write of 11 is refused.
  const p4 = (t2: "fail" | "ok") =>
    h()
      .txn(0, [["w", "x", 10]])
      .invoke(1, [["r", "x", 10], ["w", "x", 11]])
      .invoke(2, [["r", "x", 10], ["w", "x", 11]])
      .complete(1, "ok", [["r", "x", 10], ["w", "x", 11]])
      .complete(2, t2, [["r", "x", 10], ["w", "x", 11]])
      .txn(3, [["r", "x", 11]]).events;
  it("a refused write does not count: the correct history is ok, not unknown", () => {
    const r = checkDependencyGraph(p4("fail"), { model: "strict-serializable" });
    expect(r.verdict).toBe("ok");
    expect(r.anomalies).toEqual([]);
  });
  it("two committed writes of one value still make the verdict unknown", () => {
    const r = checkDependencyGraph(p4("ok"), { model: "serializable" });
    expect(r.verdict).not.toBe("ok");
    expect(r.unknownReason ?? r.violations.map((v) => v.kind).join()).toMatch(/written twice|lost-update/);
  });
});

describe("cyclic-versions", () => {
  it("names contradictory writes-follow-reads orders, not G0", () => {
    // T1 read 0 and wrote 1, T2 read 1 and wrote 0: 0 < 1 < 0.
    const events = h().txn(0, [["r", "x", 0], ["w", "x", 1]]).txn(1, [["r", "x", 1], ["w", "x", 0]]).events;
    const r = checkDependencyGraph(events, { model: "read-committed" });
    expect(r.anomalies).toEqual(["G1c", "cyclic-versions"]); // the wr edges alone still form G1c, as in Elle
    const v = r.violations.find((x) => x.kind === "cyclic-versions")!;
    expect(v.explanation).toMatch(/T\d+ read x=\d and then wrote \d; T\d+ read x=\d and then wrote \d/);
    expect(v.evidence).toMatchObject({ key: "x" });
    expect(v.rulesOut).toContain("read-committed");
  });
  it("says nothing of a consistent order", () => {
    // 0 (written by T0) < 1 < 2: the chain of read-then-write is acyclic.
    const events = h().txn(2, [["w", "x", 0]]).txn(0, [["r", "x", 0], ["w", "x", 1]]).txn(1, [["r", "x", 1], ["w", "x", 2]]).events;
    expect(checkDependencyGraph(events, { model: "strict-serializable" }).anomalies).toEqual([]);
  });
});

describe("initial state", () => {
  // x=5 is never written: the key's state before the history, or garbage.
  const mk = () => h().txn(0, [["r", "x", 5], ["w", "y", 1]]).txn(1, [["r", "y", null], ["w", "x", 6]]).events;
  it("garbage by default", () => {
    expect(checkDependencyGraph(mk(), { model: "serializable" }).anomalies).toEqual(["garbage-read"]);
  });
  it("initial: ordered before every write of the key, so write skew shows", () => {
    const r = checkDependencyGraph(mk(), { model: "serializable", initialState: "initial" });
    expect(r.anomalies).toEqual(["G2-item"]);
    expect(r.violations[0]!.explanation).toMatch(/read x=5 \(the initial state\) and T\d+ wrote x=6, a later version/);
  });
  it("initial: a value only a failed txn wrote is still an aborted read", () => {
    const events = h().txn(0, [["w", "x", 5]], "fail").txn(1, [["r", "x", 5]]).events;
    expect(checkDependencyGraph(events, { model: "read-committed", initialState: "initial" }).anomalies).toEqual(["G1a"]);
  });
});

describe("process order", () => {
  it("an indeterminate op is no source of process edges (it may have taken effect later)", () => {
    // p0: an info write of x=1, then a committed read of x=nil. Had the write
    // happened before the read, that is stale; it may have happened after.
    const events = h().txn(0, [["w", "x", 1]], "info").txn(0, [["r", "x", null]]).txn(1, [["r", "x", 1]]).events;
    expect(checkDependencyGraph(events, { model: "strong-session-serializable" }).verdict).toBe("ok");
    const committed = h().txn(0, [["w", "x", 1]]).txn(0, [["r", "x", null]]).events;
    expect(checkDependencyGraph(committed, { model: "strong-session-serializable" }).anomalies).toEqual(["G-single-process"]);
  });
  it("session models are unknown without their edges, and decided with real-time edges when no -realtime cycle is found", () => {
    const events = h().txn(0, [["w", "x", 1]]).txn(1, [["r", "x", 1]]).events;
    expect(checkDependencyGraph(events, { model: "serializable" }).models["strong-session-serializable"]).toBe("unknown");
    expect(checkDependencyGraph(events, { model: "strict-serializable" }).models["strong-session-serializable"]).toBe("ok");
    const stale = h().txn(0, [["w", "x", 1]]).txn(0, [["r", "x", null]]).events;
    const strict = checkDependencyGraph(stale, { model: "strict-serializable" });
    expect(strict.anomalies).toEqual(["G-single-realtime"]);
    expect(strict.models["strong-session-snapshot-isolation"]).toBe("unknown");
    expect(checkDependencyGraph(stale, { model: "strict-serializable", process: true }).models["strong-session-snapshot-isolation"]).toBe("violation");
  });
});
