// `mvsim check HISTORY --out DIR` end to end through the command's run(): the
// four files appear (no temporary left), each well-formed; the HTML draws the
// isolation cycle as a graph with each edge's reason and the illegal key as a
// partial linearization with the op that cannot be placed; and one txn has the
// same name T<invoke index> in the checker's text, the timeline and report.json.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkCommand } from "../../src/cli/commands/check.js";
import { toJsonlHistory } from "../../src/history/jsonl.js";
import type { HistoryEvent } from "../../src/history/events.js";
import { asJsonl, rwCycleHistory, staleReadHistory } from "./check-fixtures.js";
import { checkMarkup, type Element } from "./markup-check.js";

const dir = mkdtempSync(join(tmpdir(), "mvsim-check-out-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function checkOut(history: string, ...flags: string[]) {
  const file = join(dir, `h${n}.jsonl`);
  const out = join(dir, `out${n++}`);
  writeFileSync(file, history);
  const lines: string[] = [];
  const err: string[] = [];
  const code = await checkCommand.run([file, ...flags, "--out", out], { out: (l) => lines.push(l), err: (l) => err.push(l), tty: false });
  const read = (name: string): string => readFileSync(join(out, name), "utf8");
  return { code, out, text: lines.join("\n"), err: err.join("\n"), read };
}

const cls = (e: Element): string[] => (e.attrs.class ?? "").split(/\s+/);
function html(text: string) {
  const parsed = checkMarkup(text, "html");
  expect(parsed.problem).toBeUndefined();
  return (name: string, pred: (e: Element) => boolean = () => true): Element[] => parsed.elements.filter((e) => e.name === name && pred(e));
}

describe("mvsim check --out", () => {
  it("writes the four reports of an isolation cycle, each well-formed, nothing temporary left", async () => {
    const r = await checkOut(asJsonl(rwCycleHistory()), "--model", "serializable");
    expect(r.code).toBe(1);
    expect(readdirSync(r.out).sort()).toEqual(["index.html", "junit.xml", "report.json", "summary.md"]);
    const json = JSON.parse(r.read("report.json")) as { kind: string; verdict: string; results: { checker: string; verdict: string }[]; command: string };
    expect([json.kind, json.verdict]).toEqual(["check", "violation"]);
    expect(json.results.find((x) => x.checker.startsWith("dependency-graph"))!.verdict).toBe("violation");
    expect(json.command).toMatch(/^mvsim check .*h\d\.jsonl --model serializable --out /);
    const junit = checkMarkup(r.read("junit.xml"), "xml");
    expect(junit.problem).toBeUndefined();
    expect(junit.elements.filter((e) => e.name === "failure").map((e) => e.attrs.type)).toEqual(["violation"]);
    expect(r.read("summary.md")).toContain("**G2-item** (serializability) at history index 5, processes 0, 1, 2:");
    expect(r.err).toContain("index.html");
  });

  it("draws the cycle as a graph: one node per txn, one labelled arrow per edge with its reason", async () => {
    const r = await checkOut(asJsonl(rwCycleHistory()), "--model", "serializable");
    const text = r.read("index.html");
    expect(text).not.toMatch(/https?:\/\//);
    expect(text).not.toMatch(/<(link|img|iframe)\b/);
    const els = html(text);
    expect(els("svg", (e) => cls(e).includes("cycle-graph"))).toHaveLength(1);
    expect(els("g", (e) => cls(e).includes("node")).map((e) => e.attrs["data-txn"])).toEqual(["T0", "T2", "T1"]);
    const edges = els("g", (e) => cls(e).includes("graph-edge"));
    expect(edges.map((e) => [e.attrs["data-step"], e.attrs["data-type"]])).toEqual([["0", "rw"], ["1", "rw"], ["2", "rw"]]);
    expect(els("text", (e) => cls(e).includes("edge-label")).map((e) => e.text)).toEqual(["1. rw x", "2. rw z", "3. rw y"]);
    expect(edges[0]!.text).toContain("T0 → T2 (rw): T0 read x=nil (the initial state) and T2 wrote x=1");
  });

  it("draws an illegal key as its longest partial linearization, the op that cannot be placed marked", async () => {
    const r = await checkOut(asJsonl(staleReadHistory()));
    expect(r.code).toBe(1);
    const els = html(r.read("index.html"));
    const ops = els("g", (e) => cls(e).includes("lin-op"));
    expect(ops.map((o) => [o.attrs["data-txn"], cls(o)[1]])).toEqual([["T0", "lin"], ["T2", "lin"], ["T3", "lin"], ["T6", "lin"], ["T8", "blocked"]]);
    expect(els("circle", (e) => cls(e).includes("lin-point"))).toHaveLength(4);
    expect(els("polyline", (e) => cls(e).includes("lin-path"))).toHaveLength(1);
    expect(els("text", (e) => cls(e).includes("lin-stuck-label")).map((e) => e.text)).toEqual(["✗ cannot follow state 2"]);
    expect(els("li", (e) => cls(e).includes("blocked")).map((e) => e.text)).toEqual(["T8: cannot be placed next: read -> 1 (the state is 2)"]);
    // the checker's text names the same op the same way
    expect(r.text).toContain("explains process 3's read -> 1 (T8: invoked at history index 8, completed at history index 9)");
  });

  it("a valid history gets the same four files, a passing junit and no violation section", async () => {
    const ok = staleReadHistory().slice(0, 8);
    const r = await checkOut(toJsonlHistory(ok));
    expect(r.code).toBe(0);
    expect(readdirSync(r.out).sort()).toEqual(["index.html", "junit.xml", "report.json", "summary.md"]);
    expect(r.read("junit.xml")).not.toContain("<failure");
    const els = html(r.read("index.html"));
    expect(els("section")).toEqual([]);
  });

  it("a folder that cannot be written is one line naming it, exit 2", async () => {
    const blocker = join(dir, "a-file");
    writeFileSync(blocker, "x");
    const file = join(dir, "ok.jsonl");
    writeFileSync(file, asJsonl(staleReadHistory().slice(0, 2)));
    const err: string[] = [];
    const code = await checkCommand.run([file, "--out", join(blocker, "sub")], { out: () => {}, err: (l) => err.push(l), tty: false });
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain(`cannot write reports to ${join(blocker, "sub")}`);
    expect(existsSync(join(blocker, "sub"))).toBe(false);
  });
});

/** T0 (engine id 5) writes x; T2 (engine id 9), invoked after T0 completed, reads x as nil. */
function stampedStaleRead(): HistoryEvent[] {
  const ev = (e: Omit<HistoryEvent, "index">, index: number): HistoryEvent => ({ ...e, index });
  return [
    ev({ type: "invoke", process: 1, f: "txn", value: [["w", "x", 1]], thread: 4 }, 0),
    ev({ type: "ok", process: 1, f: "txn", value: [["w", "x", 1]], thread: 4, txn: { id: 5, start: 1, commit: 10 } }, 1),
    ev({ type: "invoke", process: 2, f: "txn", value: [["r", "x", null]], thread: 6 }, 2),
    ev({ type: "ok", process: 2, f: "txn", value: [["r", "x", null]], thread: 6, txn: { id: 9, start: 20 } }, 3),
  ];
}

describe("one numbering everywhere", () => {
  it("names a txn T<invoke index> in both checkers' text, the timeline and report.json; processes as processes", async () => {
    const r = await checkOut(toJsonlHistory(stampedStaleRead()), "--model", "strict-serializable");
    expect(r.code).toBe(1);
    // the white-box checker (engine ids 5 and 9) and the graph checker name the same txns
    expect(r.text).toContain("T2 read \"x\" = null from the initial state, but T0 (committed at 10) wrote 1");
    expect(r.text).toMatch(/T0 → T2 → T0 is a cycle|T2 → T0 → T2 is a cycle/);
    expect(r.text).not.toMatch(/\bT(5|9|1|3)\b/);
    expect(r.text).toContain("at history index 3, processes 1, 2");
    const els = html(r.read("index.html"));
    const bars = els("g", (e) => cls(e).includes("op"));
    expect(bars.map((b) => [b.attrs["data-txn"], b.attrs["data-events"], b.attrs["data-process"]])).toEqual([["T0", "0 1", "1"], ["T2", "2 3", "2"]]);
    // the timeline's lanes are threads, and say which processes they ran
    expect(els("text", (e) => cls(e).includes("lane")).map((e) => e.attrs["data-processes"])).toEqual(["1", "2"]);
    expect(els("g", (e) => cls(e).includes("node")).map((e) => e.attrs["data-txn"]).sort()).toEqual(["T0", "T2"]);
    const json = JSON.parse(r.read("report.json")) as { results: { violations: { evidence: { txn?: { name: string }; txns?: { name: string; invokeIndex: number }[] } }[] }[] };
    const evidence = json.results.flatMap((x) => x.violations.map((v) => v.evidence));
    expect(evidence.flatMap((e) => (e.txn ? [e.txn.name] : []))).toEqual(["T2"]);
    expect(evidence.flatMap((e) => e.txns ?? []).map((t) => [t.name, t.invokeIndex]).sort()).toEqual([["T0", 0], ["T2", 2]]);
  });
});
