// The drawn cycle graph and the partial-linearization view as markup: labels
// say the edge type and the key/value behind it, text is escaped, two-txn
// cycles do not draw both arrows on one line, output is deterministic; a key
// with many ops is drawn as a window that keeps the op that cannot be placed.
import { describe, expect, it } from "vitest";
import type { HistoryEvent } from "../../src/history/events.js";
import { cycleGraphSvg, edgeLabel } from "../../src/report/html-cycle-graph.js";
import { LIN_OPS_DRAWN_MAX, linearizationView } from "../../src/report/html-linearization.js";
import { checkMarkup } from "./markup-check.js";

const edges = [
  { from: "T0", to: "T3", type: "wr", key: "x", value: 2, explanation: "T3 read x=2 written by T0" },
  { from: "T3", to: "T0", type: "rw", key: "<k>", value: 5, explanation: "T3 read <k>=nil & T0 wrote it" },
];

describe("cycle graph", () => {
  it("labels each edge with its type and the key (and, for wr, the value) behind it", () => {
    expect(edgeLabel(edges[0]!)).toBe("wr x=2");
    expect(edgeLabel(edges[1]!)).toBe("rw <k>");
    expect(edgeLabel({ from: "T1", to: "T2", type: "realtime", explanation: "T1 completed before T2" })).toBe("realtime");
    expect(edgeLabel({ from: "T1", to: "T2", type: "ww", key: 7, value: 1, explanation: "" })).toBe("ww 7");
  });

  it("draws one node per txn and one arrow per edge, escaped, the same every time", () => {
    const svg = cycleGraphSvg("c0", edges);
    expect(svg).toBe(cycleGraphSvg("c0", edges));
    const p = checkMarkup(`<div>${svg}</div>`, "html");
    expect(p.problem).toBeUndefined();
    expect(p.elements.filter((e) => e.name === "circle").length).toBe(2);
    const paths = p.elements.filter((e) => e.name === "path" && e.attrs["marker-end"] !== undefined).map((e) => e.attrs.d);
    expect(paths).toHaveLength(2);
    // A→B and B→A bend to opposite sides: their control points differ.
    const control = (d: string): string => d.split(" Q")[1]!.split(" ")[0]!;
    expect(control(paths[0]!)).not.toBe(control(paths[1]!));
    expect(svg).toContain("2. rw &lt;k&gt;");
    expect(svg).toContain("T3 read &lt;k&gt;=nil &amp; T0 wrote it");
    expect(svg).toContain("T3: the txn invoked at history index 3");
  });
});

describe("partial linearization view", () => {
  it("draws a window of a long key, keeping the op that cannot be placed, and says so", () => {
    const history: HistoryEvent[] = [];
    for (let i = 0; i < 400; i++) {
      history.push({ type: "invoke", process: i % 3, f: "write", value: ["k", i], index: history.length });
      history.push({ type: "ok", process: i % 3, f: "write", value: ["k", i], index: history.length });
    }
    const blockedAt = 2 * 300;
    const linearized = Array.from({ length: 300 }, (_, i) => ({ step: 2 * i, process: i % 3, op: `write ${i}`, stateAfter: i }));
    const html = linearizationView("lin", history, { key: "k", linearized, unplaced: [{ step: blockedAt, process: 0, op: "write 300" }], blocked: "write 300" });
    const p = checkMarkup(html, "html");
    expect(p.problem).toBeUndefined();
    const ops = p.elements.filter((e) => e.name === "g" && (e.attrs.class ?? "").startsWith("lin-op"));
    expect(ops).toHaveLength(LIN_OPS_DRAWN_MAX);
    expect(ops.find((o) => o.attrs.class === "lin-op blocked")?.attrs["data-step"]).toBe(String(blockedAt));
    expect(html).toContain(`Showing ${LIN_OPS_DRAWN_MAX} of the 400 ops on this key`);
    // the word list keeps the last placed ops, numbered by their true rank
    expect(html).toContain("… 280 earlier placed ops");
    expect(html).toContain('<li class="lin" value="300">T598, process 2: write 299');
  });
});
