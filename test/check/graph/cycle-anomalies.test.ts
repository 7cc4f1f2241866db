// Each cycle anomaly: a minimal history that has it, and a near twin that has not.
import { describe, expect, it } from "vitest";
import { checkDependencyGraph, type ConsistencyModel } from "../../../src/check/graph/index.js";
import type { HistoryEvent } from "../../../src/history/events.js";
import { h } from "./history-builder.js";

function check(events: readonly HistoryEvent[], model: ConsistencyModel = "serializable", extra = {}) {
  return checkDependencyGraph(events, { model, ...extra });
}

describe("G0 (write cycle)", () => {
  const base = (yOrder: number[]) =>
    h()
      .txn(0, [["append", "x", 1], ["append", "y", 1]])
      .txn(1, [["append", "x", 2], ["append", "y", 2]])
      .txn(2, [["r", "x", [1, 2]], ["r", "y", yOrder]]).events;
  it("flags writes ordered T1<T2 on x and T2<T1 on y", () => {
    const r = check(base([2, 1]), "read-committed");
    expect(r.anomalies).toContain("G0");
    expect(r.verdict).toBe("violation");
    const v = r.violations.find((x) => x.kind === "G0")!;
    expect(v.property).toBe("write-conflict");
    expect(v.rulesOut).toEqual([
      "read-committed",
      "snapshot-isolation",
      "strong-session-snapshot-isolation",
      "strong-snapshot-isolation",
      "serializable",
      "strong-session-serializable",
      "strict-serializable",
    ]);
    expect(v.explanation).toMatch(/appended 2 to x right after T\d+'s 1/);
  });
  it("passes the same writes in one order", () => {
    const r = check(base([1, 2]), "strict-serializable");
    expect(r.anomalies).toEqual([]);
    expect(r.verdict).toBe("ok");
  });
});

describe("G1c (circular information flow)", () => {
  const base = (t2ReadsX: number[]) =>
    h()
      .invoke(0, [["append", "x", 1], ["r", "y", null]])
      .invoke(1, [["append", "y", 1], ["r", "x", null]])
      .complete(0, "ok", [["append", "x", 1], ["r", "y", [1]]])
      .complete(1, "ok", [["append", "y", 1], ["r", "x", t2ReadsX]]).events;
  it("flags two txns each reading the other's write", () => {
    const r = check(base([1]), "read-committed");
    expect(r.anomalies).toEqual(["G1c"]);
    const v = r.violations[0]!;
    expect(v.explanation).toMatch(/read y=\[1\], seeing 1 appended by/);
    expect((v.evidence as { cycle: { type: string }[] }).cycle.map((e) => e.type).sort()).toEqual(["wr", "wr"]);
  });
  it("passes when one of them did not see the other", () => {
    expect(check(base([]), "serializable").anomalies).toEqual([]);
  });
});

describe("G-single (read skew)", () => {
  it("flags a register read seeing y from T1 but x from before T1", () => {
    const events = h()
      .txn(0, [["w", "x", 1], ["w", "y", 1]])
      .txn(1, [["r", "x", null], ["r", "y", 1]]).events;
    const r = check(events, "snapshot-isolation");
    expect(r.anomalies).toEqual(["G-single"]);
    expect(r.verdict).toBe("violation");
    // Two txns, one wr and one rw: the reader saw T1 in part.
    expect(r.violations[0]!.property).toBe("atomic-visibility");
    expect(r.violations[0]!.explanation).toMatch(/fractured read/);
    expect(r.models["read-committed"]).toBe("ok");
    expect(r.models["snapshot-isolation"]).toBe("violation");
  });
  it("keeps snapshot-isolation for a longer read-skew cycle, where no reader saw one txn in part", () => {
    // T2 read x from T0, T1 read y from T2, and T1 read x from before T0.
    const events = h()
      .txn(0, [["w", "x", 1]])
      .txn(1, [["r", "x", 1], ["w", "y", 1]])
      .txn(2, [["r", "y", 1], ["r", "x", null]]).events;
    const r = check(events, "snapshot-isolation");
    expect(r.anomalies).toEqual(["G-single"]);
    expect(r.violations[0]!.property).toBe("snapshot-isolation");
    expect(r.violations[0]!.explanation).not.toMatch(/fractured/);
  });
  it("passes when both reads see T1", () => {
    const events = h()
      .txn(0, [["w", "x", 1], ["w", "y", 1]])
      .txn(1, [["r", "x", 1], ["r", "y", 1]]).events;
    expect(check(events, "snapshot-isolation").anomalies).toEqual([]);
  });
  it("flags the list-append form, using another read for x's order", () => {
    const mk = (xSeen: number[]) =>
      h()
        .txn(0, [["append", "x", 1], ["append", "y", 1]])
        .txn(1, [["r", "x", xSeen], ["r", "y", [1]]])
        .txn(2, [["r", "x", [1]]]).events;
    const bad = check(mk([]), "snapshot-isolation");
    expect(bad.anomalies).toEqual(["G-single"]);
    // the txn whose read revealed x's order joins the sub-history
    const sub = (bad.violations[0]!.evidence as { subHistory: HistoryEvent[] }).subHistory;
    expect(sub).toHaveLength(6);
    expect(check(mk([1]), "snapshot-isolation").anomalies).toEqual([]);
  });
});

describe("G-nonadjacent", () => {
  const base = (t1ReadsD: number[]) =>
    h()
      .invoke(0, [["r", "a", null], ["r", "d", null]])
      .txn(1, [["append", "a", 1], ["append", "b", 1]])
      .txn(2, [["r", "b", [1]], ["r", "c", []]])
      .txn(3, [["append", "c", 1], ["append", "d", 1]])
      .complete(0, "ok", [["r", "a", []], ["r", "d", t1ReadsD]])
      .txn(4, [["r", "a", [1]], ["r", "c", [1]]]).events;
  it("flags a cycle whose two rw edges are separated by wr edges", () => {
    const r = check(base([1]), "snapshot-isolation");
    expect(r.anomalies).toEqual(["G-nonadjacent"]);
    expect(r.verdict).toBe("violation");
    const types = (r.violations[0]!.evidence as { cycle: { type: string }[] }).cycle.map((e) => e.type);
    expect(types.filter((t) => t === "rw")).toHaveLength(2);
  });
  it("passes when T1 did not see d", () => {
    expect(check(base([]), "serializable").anomalies).toEqual([]);
  });
});

describe("G2-item (write skew)", () => {
  const skew = (t2ReadsX: number | null) =>
    h()
      .invoke(0, [["r", "x", null], ["r", "y", null], ["w", "x", 1]])
      .invoke(1, [["r", "x", null], ["r", "y", null], ["w", "y", 1]])
      .complete(0, "ok", [["r", "x", null], ["r", "y", null], ["w", "x", 1]])
      .complete(1, "ok", [["r", "x", t2ReadsX], ["r", "y", null], ["w", "y", 1]]).events;
  it("fails serializable and passes snapshot isolation", () => {
    const ser = check(skew(null), "serializable");
    expect(ser.anomalies).toEqual(["G2-item"]);
    expect(ser.verdict).toBe("violation");
    expect(ser.violations[0]!.explanation).toMatch(/read y=nil \(the initial state\) and T\d+ wrote y=1/);
    const si = check(skew(null), "snapshot-isolation");
    expect(si.verdict).toBe("ok");
    expect(si.violations).toEqual([]);
    expect(si.tolerated.map((v) => v.kind)).toEqual(["G2-item"]);
    expect(si.models).toEqual({
      "read-committed": "ok",
      "snapshot-isolation": "ok",
      "strong-session-snapshot-isolation": "unknown", // no process-order edges asked for
      "strong-snapshot-isolation": "unknown",
      serializable: "violation",
      "strong-session-serializable": "violation",
      "strict-serializable": "violation",
    });
  });
  it("passes serializable when T2 saw T1's write", () => {
    expect(check(skew(1), "serializable").verdict).toBe("ok");
  });
});

describe("read-only anomaly (Fekete, O'Neil & O'Neil)", () => {
  // T2 deposits to y; read-only T3 sees the deposit but not T1's withdrawal from x,
  // which T1 based on a snapshot older than T2. SI allows it; serializable does not.
  const mk = (t3ReadsX: number | null) =>
    h()
      .invoke(0, [["r", "x", null], ["r", "y", null], ["w", "x", -11]])
      .txn(1, [["r", "y", null], ["w", "y", 20]])
      .txn(2, [["r", "x", t3ReadsX], ["r", "y", 20]])
      .complete(0, "ok", [["r", "x", null], ["r", "y", null], ["w", "x", -11]]).events;
  it("is G2-item: fails serializable, passes snapshot isolation", () => {
    const r = checkDependencyGraph(mk(null), { model: "serializable" });
    expect(r.anomalies).toEqual(["G2-item"]);
    expect(r.models["snapshot-isolation"]).toBe("ok");
    expect(r.verdict).toBe("violation");
  });
  it("passes serializable when the reader saw the withdrawal too", () => {
    expect(check(mk(-11), "serializable").verdict).toBe("ok");
  });
});
