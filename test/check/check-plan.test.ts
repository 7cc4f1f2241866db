import { describe, expect, it } from "vitest";
import { planCheckers, runPlan } from "../../src/check/check-plan.js";
import { H } from "./history-builder.js";

const names = (h: H, model?: Parameters<typeof planCheckers>[1]) => planCheckers(h.events, model).checkers.map((c) => c.name);

describe("check plan", () => {
  it("picks WGL for single-key histories and the graph checker for txns by default", () => {
    expect(planCheckers(new H().op(1, "write", ["x", 1]).events).model).toBe("linearizable");
    expect(names(new H().op(1, "write", ["x", 1]))).toEqual(["linearizability"]);
    expect(planCheckers(new H().op(1, "write", ["x", 1]).events).skipped).toContain("durability: no power-loss event");
    expect(names(new H().invoke(1, "txn", [["w", "x", 1]]).ok(1, "txn", [["w", "x", 1]]))).toEqual(["dependency-graph(snapshot-isolation)"]);
  });

  it("adds WGL for the single-key ops of a mixed history", () => {
    const h = new H().invoke(1, "txn", [["w", "x", 1]]).ok(1, "txn", [["w", "x", 1]]).op(2, "read", ["x", 1], ["x", null]);
    expect(names(h)).toEqual(["dependency-graph(snapshot-isolation)", "linearizability"]);
  });

  it("adds white-box SI when txns carry stamps, and system checkers when their events exist", () => {
    const h = new H()
      .txn(1, [["w", "x", 1], ["r", "y", null]], { id: 1, start: 1, commit: 2 })
      .system("gc-drop", { key: "x", commit: 1, supersededBy: 2, thread: 0 })
      .system("power-loss", null)
      .system("faults-stop", null);
    expect(names(h, { model: "serializable" })).toEqual(["dependency-graph(serializable)", "snapshot-isolation (white-box)", "reclamation", "durability", "liveness"]);
  });

  it("leaves the graph out of a stamped history nobody read from (white-box SI decides), but not of an unstamped one", () => {
    const stamped = new H().txn(1, [["w", "x", 1]], { id: 1, start: 1, commit: 2 });
    expect(names(stamped)).toEqual(["snapshot-isolation (white-box)"]);
    expect(planCheckers(stamped.events).skipped.some((s) => s.startsWith("dependency graph: no committed read"))).toBe(true);
    expect(names(new H().invoke(1, "txn", [["w", "x", 1]]).ok(1, "txn", [["w", "x", 1]]))).toEqual(["dependency-graph(snapshot-isolation)"]);
  });

  it("skips the graph of an unstamped history nobody read from only when asked (a simulated seed), else unknown", () => {
    const h = new H().invoke(1, "txn", [["append", "x", 1]]).info(1, "txn", [["append", "x", 1]]);
    expect(names(h)).toEqual(["dependency-graph(snapshot-isolation)"]);
    expect(runPlan(planCheckers(h.events), h.events)[0]!.verdict).toBe("unknown");
    expect(names(h, { whenNothingObserved: "skip" })).toEqual([]);
    expect(planCheckers(h.events, { whenNothingObserved: "skip" }).skipped.some((s) => s.startsWith("dependency graph: no committed transaction read"))).toBe(true);
  });
});
