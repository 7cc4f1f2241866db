// index.html of a failing run, checked at the parse level: well-formed,
// self-contained (no URL to fetch), with the failing seed's timeline (lanes,
// bars, crash and power-loss markers), the cycle step by step with its edges
// drawn between the txns' bars, and the per-key linearization view.
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/harness/run-summary.js";
import { drawnOps } from "../../src/report/history-ops.js";
import { htmlReport } from "../../src/report/html-report.js";
import { timelineWindow, WINDOW_EVENTS_MAX } from "../../src/report/html-timeline.js";
import { checkMarkup, type Element } from "./markup-check.js";
import { failingHistory, sampleReport, scenario, seed } from "./fixtures.js";

const html = htmlReport(sampleReport());
const parsed = checkMarkup(html, "html");
const els = (name: string, pred: (e: Element) => boolean = () => true): Element[] => parsed.elements.filter((e) => e.name === name && pred(e));
const cls = (e: Element): string[] => (e.attrs.class ?? "").split(/\s+/);

describe("index.html", () => {
  it("is well-formed and self-contained", () => {
    expect(parsed.problem).toBeUndefined();
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<(link|img|iframe)\b/);
    expect(els("script", (e) => e.attrs.src !== undefined)).toEqual([]);
    // report text cannot close the script block or inject markup
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).toContain("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("has a section for the failing seed with its replay line", () => {
    const sections = els("section", (e) => cls(e).includes("seed"));
    expect(sections.map((s) => [s.attrs["data-scenario"], s.attrs["data-seed"]])).toEqual([["bank", "101"]]);
    expect(els("pre", (e) => cls(e).includes("replay")).map((e) => e.text)).toEqual(["mvsim replay scenarios/bank.json --seed 101"]);
  });

  it("draws a lane per thread, a bar per op, and crash and power-loss markers", () => {
    const ops = els("g", (e) => cls(e).includes("op"));
    expect(ops).toHaveLength(drawnOps(failingHistory()).length);
    expect(ops.map((o) => cls(o)[1]).sort()).toEqual(["info", "ok", "ok", "ok", "ok"]);
    // every op is named T<invoke index>, as the checkers name it
    expect(ops.map((o) => o.attrs["data-txn"])).toEqual(["T0", "T1", "T5", "T6", "T10"]);
    expect(ops.map((o) => o.attrs["data-process"])).toEqual(["0", "1", "2", "3", "2"]);
    const lanes = els("text", (e) => cls(e).includes("lane")).map((e) => e.text);
    expect(lanes.filter((l) => l.startsWith("thread"))).toEqual(expect.arrayContaining(["thread 1 · p0process 0", "thread 2 · p1process 1", "thread 3 · p2process 2", "thread 4 · p3process 3"]));
    const marks = els("g", (e) => cls(e).includes("marker")).map((e) => cls(e)[1]);
    expect(marks).toEqual(["crash", "power-loss"]);
  });

  it("walks the cycle edge by edge, with each edge drawn between its txns", () => {
    const steps = els("li", (e) => e.attrs["data-from"] !== undefined);
    expect(steps.map((s) => [s.attrs["data-from"], s.attrs["data-to"]])).toEqual([["T0", "T1"], ["T1", "T0"]]);
    expect(steps[0]!.text).toContain("T0 read x=nil and T1 overwrote it");
    // each edge twice: between the bars on the timeline, and in the drawn cycle graph
    const edges = els("g", (e) => cls(e).includes("edge") && !cls(e).includes("graph-edge"));
    expect(edges.map((e) => e.attrs["data-step"])).toEqual(["0", "1"]);
    const graphEdges = els("g", (e) => cls(e).includes("graph-edge"));
    expect(graphEdges.map((e) => [e.attrs["data-step"], e.attrs["data-cycle"]])).toEqual([["0", "seed-0-c0"], ["1", "seed-0-c0"]]);
    expect(els("text", (e) => cls(e).includes("edge-label")).map((e) => e.text)).toEqual(["1. rw x", "2. rw y"]);
    expect(els("g", (e) => cls(e).includes("node")).map((e) => e.attrs["data-txn"])).toEqual(["T0", "T1"]);
    expect(els("div", (e) => cls(e).includes("cycle"))).toHaveLength(1);
  });

  it("starts with the first violation's operations highlighted, and lets each violation highlight its own", () => {
    const involved = els("g", (e) => cls(e).includes("op") && cls(e).includes("involved"));
    expect(involved.map((o) => o.attrs["data-txn"]).sort()).toEqual(["T0", "T1"]);
    const items = els("li", (e) => cls(e).includes("violation-item"));
    expect(items.map((i) => [i.attrs["data-events"], cls(i).includes("selected")])).toEqual([["0 1 2 3", true], [undefined, false]]);
  });

  it("shows the key's partial linearization with the op that cannot be placed", () => {
    const view = els("div", (e) => cls(e).includes("lin-view"));
    expect(view).toHaveLength(1);
    const linOps = els("g", (e) => cls(e).includes("lin-op"));
    expect(linOps.map((o) => [o.attrs["data-step"], cls(o)[1]])).toEqual([["5", "lin"], ["6", "blocked"], ["10", "other"]]);
    expect(els("li", (e) => cls(e).includes("blocked")).map((e) => e.text)).toEqual(["T6: cannot be placed next: read -> 7 (the state is 5)"]);
  });

  it("a passing run has no seed section", () => {
    const ok = htmlReport(buildReport({ runId: "r", startedAt: "t", command: "c" }, [scenario("q", { kind: "pass" }, [seed("q", 0, "ok")])]));
    expect(checkMarkup(ok, "html").problem).toBeUndefined();
    expect(ok).not.toContain('<section class="seed"');
    expect(ok).toContain("No seed violated anything.");
  });
});

describe("timeline window", () => {
  it("keeps short histories whole and long ones around the focus", () => {
    expect(timelineWindow(50, [10])).toEqual({ lo: 0, hi: 49 });
    const w = timelineWindow(10_000, [5000, 5100]);
    expect(w.lo).toBeLessThanOrEqual(5000);
    expect(w.hi).toBeGreaterThanOrEqual(5100);
    expect(w.hi - w.lo + 1).toBeLessThanOrEqual(WINDOW_EVENTS_MAX);
    // a focus wider than the window keeps its end, where the violation shows
    const wide = timelineWindow(20_000, [16, 10_017]);
    expect(wide.hi).toBe(10_037);
    expect(wide.hi - wide.lo + 1).toBe(WINDOW_EVENTS_MAX);
  });
});
