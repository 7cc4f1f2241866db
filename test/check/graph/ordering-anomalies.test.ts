// Process and real-time variants: cycles that need ordering edges rule out
// only the strong (session) models, and are not reported when those edges are off.
import { describe, expect, it } from "vitest";
import { checkDependencyGraph } from "../../../src/check/graph/index.js";
import { h } from "./history-builder.js";

describe("G-single-realtime (stale read)", () => {
  const mk = (seen: number | null) => h().txn(0, [["w", "x", 1]]).txn(1, [["r", "x", seen]]).events;
  it("flags a read of the initial state after a completed write, under strict serializability only", () => {
    const strict = checkDependencyGraph(mk(null), { model: "strict-serializable" });
    expect(strict.anomalies).toEqual(["G-single-realtime"]);
    expect(strict.verdict).toBe("violation");
    const v = strict.violations[0]!;
    expect(v.rulesOut).toEqual(["strong-snapshot-isolation", "strict-serializable"]);
    expect(v.explanation).toMatch(/completed \(history index 1\) before T\d+ was invoked \(history index 2\)/);
    expect(checkDependencyGraph(mk(null), { model: "serializable" }).verdict).toBe("ok");
    expect(checkDependencyGraph(mk(null), { model: "serializable", realtime: true }).models.serializable).toBe("ok");
  });
  it("passes when the read sees the write", () => {
    expect(checkDependencyGraph(mk(1), { model: "strict-serializable" }).verdict).toBe("ok");
  });
  it("answers unknown for strict serializability when real-time edges are off", () => {
    expect(checkDependencyGraph(mk(1), { model: "serializable" }).models["strict-serializable"]).toBe("unknown");
  });
});

describe("process variants", () => {
  it("flags G-single-process when a process does not see its own earlier write", () => {
    const mk = (seen: number | null) => h().txn(0, [["w", "x", 1]]).txn(0, [["r", "x", seen]]).events;
    const r = checkDependencyGraph(mk(null), { model: "serializable", process: true });
    expect(r.anomalies).toEqual(["G-single-process"]);
    expect(r.models["strict-serializable"]).toBe("violation");
    expect(r.verdict).toBe("ok");
    expect(checkDependencyGraph(mk(1), { model: "serializable", process: true }).anomalies).toEqual([]);
  });
});

describe("G0-realtime and G1c-realtime", () => {
  it("flags a later txn's append ordered before an earlier one's", () => {
    const mk = (order: number[]) =>
      h().txn(0, [["append", "x", 1]]).txn(1, [["append", "x", 2]]).txn(2, [["r", "x", order]]).events;
    expect(checkDependencyGraph(mk([2, 1]), { model: "strict-serializable" }).anomalies).toEqual(["G0-realtime"]);
    expect(checkDependencyGraph(mk([1, 2]), { model: "strict-serializable" }).anomalies).toEqual([]);
  });
  it("flags reading a write from a txn that started after the reader finished", () => {
    const mk = (seen: number[]) => h().txn(0, [["r", "y", seen]]).txn(1, [["append", "y", 1]]).txn(2, [["r", "y", [1]]]).events;
    expect(checkDependencyGraph(mk([1]), { model: "strict-serializable" }).anomalies).toEqual(["G1c-realtime"]);
    expect(checkDependencyGraph(mk([]), { model: "strict-serializable" }).anomalies).toEqual([]);
  });
});

describe("real-time edges stay sparse", () => {
  it("links a long sequential history with O(n) edges", () => {
    const b = h();
    for (let i = 0; i < 500; i++) b.txn(i % 4, [["append", "x", i]]);
    b.txn(0, [["r", "x", Array.from({ length: 500 }, (_, i) => i)]]); // something observed: else unknown
    const r = checkDependencyGraph(b.events, { model: "strict-serializable" });
    expect(r.verdict).toBe("ok");
    expect(r.stats!.orderingEdges).toBeLessThanOrEqual(501);
  });
});
