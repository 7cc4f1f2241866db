// The checker never answers ok for a history it cannot vouch for: a cycle
// hidden among many decoy rw edges is still named, a history where nothing was
// observed is unknown, and appends no read shows are ordered after what was read.
import { describe, expect, it } from "vitest";
import { checkDependencyGraph, type ConsistencyModel } from "../../../src/check/graph/index.js";
import type { HistoryEvent } from "../../../src/history/events.js";
import { h } from "./history-builder.js";

function check(events: readonly HistoryEvent[], model: ConsistencyModel = "serializable") {
  return checkDependencyGraph(events, { model });
}

/**
 * T0 -wr-> T1 -wr-> … -wr-> Tn on keys c<i>, closed by Tn -rw-> T0 (Tn read z
 * before T0's append, which Q shows): one G-single. Decoys: Ti also read d<i>
 * before T(i+1) appended to it, an rw edge along the chain that closes no
 * cycle. Invoked from Tn down to T0, so every decoy points back in history
 * order and the real rw edge forward: a search that tries "most suspicious"
 * edges first and gives up after a fixed number misses it.
 */
function hiddenGSingle(n: number, zRead: number[] = []): HistoryEvent[] {
  const b = h();
  for (let i = n; i >= 0; i--) {
    const ops: (["r", string, unknown] | ["append", string, number])[] = [];
    if (i < n) ops.push(["append", `c${i}`, 1], ["r", `d${i}`, []]);
    if (i > 0) ops.push(["r", `c${i - 1}`, [1]], ["append", `d${i - 1}`, 1]);
    if (i === n) ops.push(["r", "z", zRead]);
    if (i === 0) ops.push(["append", "z", 1]);
    b.txn(i % 3, ops);
  }
  const observer: ["r", string, unknown][] = [["r", "z", [1]]];
  for (let i = 0; i < n; i++) observer.push(["r", `d${i}`, [1]]);
  return b.txn(3, observer).events;
}

describe("complete cycle search", () => {
  for (const n of [20, 34, 200]) {
    it(`names the G-single hidden behind ${n - 1} decoy rw edges (${n + 2} txns)`, () => {
      const r = check(hiddenGSingle(n), "snapshot-isolation");
      expect(r.stats!.cyclicComponents).toBe(1);
      expect(r.anomalies).toContain("G-single");
      expect(r.models["read-committed"]).toBe("ok");
      expect(r.models["snapshot-isolation"]).toBe("violation");
      expect(r.models.serializable).toBe("violation");
      const v = r.violations.find((x) => x.kind === "G-single")!;
      expect((v.evidence as { cycle: unknown[] }).cycle).toHaveLength(n + 1);
    });
  }

  it("is unknown, never ok, when the budget is too small, and names it once it is not", () => {
    const events = hiddenGSingle(200);
    const verdicts = [0, 10, 100, 1_000, 10_000, 100_000].map(
      (steps) => checkDependencyGraph(events, { model: "snapshot-isolation", cycleSearchSteps: steps }).verdict,
    );
    expect(verdicts).not.toContain("ok");
    expect(verdicts[0]).toBe("unknown");
    expect(verdicts[verdicts.length - 1]).toBe("violation");
  });

  it("passes the same chain when Tn read z after T0's append (no cycle)", () => {
    const r = check(hiddenGSingle(34, [1]), "serializable");
    expect(r.stats!.cyclicComponents).toBe(0);
    expect(r.verdict).toBe("ok");
  });
});

describe("empty or uninformative graph", () => {
  it("answers unknown, with the reason, when no txn read anything", () => {
    const events = h()
      .txn(0, [["append", "x", 1]])
      .txn(1, [["append", "x", 2], ["append", "y", 1]])
      .txn(2, [["w", "z", 3]]).events;
    for (const model of ["read-committed", "serializable", "strict-serializable"] as const) {
      const r = check(events, model);
      expect(r.verdict).toBe("unknown");
      expect(r.unknownReason).toMatch(/no transaction observed anything/);
    }
  });
  it("answers unknown for an empty history", () => {
    expect(check([]).verdict).toBe("unknown");
  });
  it("answers ok once a read observes the writes", () => {
    const events = h()
      .txn(0, [["append", "x", 1]])
      .txn(1, [["append", "x", 2]])
      .txn(2, [["r", "x", [1, 2]]]).events;
    expect(check(events).verdict).toBe("ok");
  });
});

describe("list-append: appends no read shows come after everything observed", () => {
  // Each reads the other's key as nil; neither append is ever read.
  const skew = (yRead: unknown) =>
    h()
      .invoke(0, [["append", "x", 1], ["r", "y", null]])
      .invoke(1, [["append", "y", 1], ["r", "x", null]])
      .complete(0, "ok", [["append", "x", 1], ["r", "y", yRead]])
      .complete(1, "ok", [["append", "y", 1], ["r", "x", null]]).events;

  it("flags write skew through unread appends (G2-item): not serializable, still SI", () => {
    const r = check(skew(null), "serializable");
    expect(r.anomalies).toEqual(["G2-item"]);
    expect(r.verdict).toBe("violation");
    expect(r.models["snapshot-isolation"]).toBe("ok");
    const cycle = (r.violations[0]!.evidence as { cycle: { type: string; explanation: string }[] }).cycle;
    expect(cycle.map((e) => e.type)).toEqual(["rw", "rw"]);
    expect(cycle[0]!.explanation).toMatch(/no read shows/);
  });
  it("passes when one of them saw the other's append", () => {
    expect(check(skew([1]), "serializable").anomalies).toEqual([]);
  });

  // T2 read x=[1] and y=[1]; T3's append of 2 to x is never read, yet T3 wrote the y=1 T2 saw.
  const fractured = (xRead: number[]) =>
    h()
      .txn(0, [["append", "x", 1]])
      .invoke(1, [["r", "x", null], ["r", "y", null]])
      .txn(2, [["append", "x", 2], ["append", "y", 1]])
      .complete(1, "ok", [["r", "x", xRead], ["r", "y", [1]]]).events;
  it("gives an rw edge from the reader of x=[1] to the unread append of 2 (G-single)", () => {
    const r = check(fractured([1]), "snapshot-isolation");
    expect(r.anomalies).toEqual(["G-single"]);
    expect(r.verdict).toBe("violation");
    const cycle = (r.violations[0]!.evidence as { cycle: { type: string; key?: unknown }[] }).cycle;
    expect(cycle.find((e) => e.type === "rw")!.key).toBe("x");
  });
  it("passes when the reader saw the append too", () => {
    expect(check(fractured([1, 2]), "strict-serializable").anomalies).toEqual([]);
  });
  it("orders an unread append after the last element read (ww), not before", () => {
    // T1 appends 1 (read by T3), T2 appends 2 (never read) and read x=[1]: consistent.
    const events = h()
      .txn(0, [["append", "x", 1]])
      .txn(1, [["r", "x", [1]], ["append", "x", 2]])
      .txn(2, [["r", "x", [1]]]).events;
    const r = check(events, "serializable");
    expect(r.verdict).toBe("ok");
    // wr T0 → T1, wr T0 → T2, and for the unread 2: ww T0 → T1 and rw T2 → T1.
    expect(r.stats!.dataEdges).toBe(4);
  });
  it("ignores failed appends no read shows", () => {
    const events = h()
      .invoke(0, [["append", "x", 1], ["r", "y", null]])
      .txn(1, [["append", "y", 1], ["r", "x", null]], "fail")
      .complete(0, "ok", [["append", "x", 1], ["r", "y", null]]).events;
    expect(check(events, "serializable").anomalies).toEqual([]);
  });
});
