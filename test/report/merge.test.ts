// Merging shard reports: all seeds of every shard end up in one report with
// totals recomputed, whatever the input order; a seed seen twice with the same
// trace hash counts once, with different hashes it is a conflict; the CLI
// writes the four files and exits 1 on a conflict, 2 on a bad report.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { shardSlice } from "../../src/harness/seeds.js";
import { buildReport } from "../../src/harness/run-summary.js";
import type { RunReport, SeedResult } from "../../src/harness/run-result.js";
import { mergeCommand } from "../../src/cli/commands/merge.js";
import { mergeReports } from "../../src/report/merge-reports.js";
import { parseReportJson, reportJson } from "../../src/report/report-json.js";
import { cycleViolation, scenario, seed } from "./fixtures.js";

const all: SeedResult[] = [0, 1, 2, 3, 4, 5, 6].map((i) => (i === 4 ? seed("bank", i, "violation", { violations: [cycleViolation] }) : seed("bank", i, "ok")));
const quiet: SeedResult[] = [0, 1, 2].map((i) => seed("quiet", i, "ok"));

function shard(i: number, n: number, override?: (s: SeedResult) => SeedResult): RunReport {
  const pick = (list: SeedResult[]) => shardSlice(list, { index: i, count: n }).map(override ?? ((s) => s));
  return buildReport({ runId: `run-${i}`, startedAt: `2026-11-21T13:0${i}:00.000Z`, command: `mvsim gate --shard ${i}/${n}`, shard: `${i}/${n}` }, [
    scenario("bank", { kind: "pass" }, pick(all)),
    scenario("quiet", { kind: "pass" }, pick(quiet)),
  ]);
}

const header = { runId: "merged", command: "mvsim merge" };

describe("mergeReports", () => {
  it("joins shards into the report of the whole run, in any input order", () => {
    const whole = buildReport({ runId: "w", startedAt: "t", command: "c" }, [scenario("bank", { kind: "pass" }, all), scenario("quiet", { kind: "pass" }, quiet)]);
    const inputs = [1, 2, 3].map((i) => ({ source: `s${i}.json`, report: shard(i, 3) }));
    const a = mergeReports(inputs, header);
    const b = mergeReports([inputs[2]!, inputs[0]!, inputs[1]!], header);
    if (!a.ok || !b.ok) throw new Error("merge failed");
    expect(a.report).toEqual(b.report);
    expect(a.report.scenarios).toEqual(whole.scenarios);
    expect(a.report.totals).toEqual(whole.totals);
    expect(a.report.verdict).toBe("violation");
    expect(a.report.mergedFrom).toEqual(["run-1", "run-2", "run-3"]);
    expect(a.report.startedAt).toBe("2026-11-21T13:01:00.000Z");
    expect(a.report.conflicts).toEqual([]);
  });

  it("counts a seed seen twice with the same trace hash once", () => {
    const r = mergeReports([{ source: "a", report: shard(1, 2) }, { source: "b", report: shard(1, 2) }, { source: "c", report: shard(2, 2) }], header);
    if (!r.ok) throw new Error(r.error);
    expect(r.report.totals.seeds).toBe(all.length + quiet.length);
    expect(r.report.conflicts).toEqual([]);
  });

  it("reports the same seed with different trace hashes as a conflict and fails the merge verdict", () => {
    const other = shard(1, 2, (s) => (s.index === 2 && s.scenario === "quiet" ? { ...s, traceHash: "different" } : s));
    const r = mergeReports([{ source: "a.json", report: shard(1, 2) }, { source: "b.json", report: other }], header);
    if (!r.ok) throw new Error(r.error);
    expect(r.report.conflicts).toEqual([{ scenario: "quiet", seed: "102", traceHashes: ["hash-quiet-2", "different"], verdicts: ["ok", "ok"], sources: ["a.json", "b.json"] }]);
    expect(r.report.scenarios.find((s) => s.name === "quiet")!.summary.status).toBe("passed");
    expect(r.report.verdict).toBe("violation");
  });

  it("refuses reports that disagree on what a scenario is", () => {
    const a = shard(1, 2);
    const b = buildReport({ runId: "x", startedAt: "t", command: "c" }, [scenario("bank", { kind: "find", properties: ["durability"] }, [], ["commit-ack-before-fsync"])]);
    const r = mergeReports([{ source: "a.json", report: a }, { source: "b.json", report: b }], header);
    expect(r.ok ? "" : r.error).toMatch(/^merge: [ab]\.json: scenario bank differs from an earlier report \(expectation /);
  });
});

describe("mvsim merge", () => {
  const dir = mkdtempSync(join(tmpdir(), "mvsim-merge-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), tty: false } };
  };
  const write = (name: string, r: RunReport): string => {
    const p = join(dir, name);
    writeFileSync(p, reportJson(r));
    return p;
  };

  it("writes the four files of the merged run and exits 1 for a failing scenario", async () => {
    const files = [write("s1.json", shard(1, 2)), write("s2.json", shard(2, 2))];
    const c = io();
    const code = await mergeCommand.run([...files, "--out", join(dir, "out")], c.io);
    expect(code).toBe(1);
    const merged = parseReportJson(readFileSync(join(dir, "out", "report.json"), "utf8"), "report.json");
    if (!merged.ok) throw new Error(merged.error);
    expect(merged.report.totals.seeds).toBe(10);
    for (const f of ["summary.md", "junit.xml", "index.html"]) expect(readFileSync(join(dir, "out", f), "utf8").length).toBeGreaterThan(100);
    expect(c.out.join("\n")).toContain("mvsim replay scenarios/bank.json --seed 104");
  });

  it("prints each conflict loudly", async () => {
    const other = shard(1, 2, (s) => (s.index === 0 && s.scenario === "quiet" ? { ...s, traceHash: "different" } : s));
    const c = io();
    const code = await mergeCommand.run([write("a.json", shard(1, 2)), write("b.json", other), "--out", join(dir, "out2")], c.io);
    expect(code).toBe(1);
    expect(c.err.join("\n")).toMatch(/CONFLICT: quiet seed 100 has trace hashes hash-quiet-0 vs different/);
  });

  it("exits 0 when every scenario passed", async () => {
    const ok = buildReport({ runId: "ok", startedAt: "t", command: "c" }, [scenario("quiet", { kind: "pass" }, quiet)]);
    expect(await mergeCommand.run([write("ok.json", ok), "--out", join(dir, "out3")], io().io)).toBe(0);
  });

  it("exits 2 naming the file for a bad or unreadable report", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, '{"schemaVersion": 1, "runId": 3}');
    const c = io();
    expect(await mergeCommand.run([bad], c.io)).toBe(2);
    expect(c.err).toEqual([`mvsim merge: ${bad}: runId: expected a string, got 3`]);
    const check = join(dir, "check.json");
    writeFileSync(check, '{"schemaVersion": 1, "kind": "check", "file": "h.jsonl"}');
    const e = io();
    expect(await mergeCommand.run([check], e.io)).toBe(2);
    expect(e.err).toEqual([`mvsim merge: ${check}: kind: this is the report of \`mvsim check\` on one history, not a run's report; only run reports merge`]);
    const d = io();
    expect(await mergeCommand.run([join(dir, "missing.json")], d.io)).toBe(2);
    expect(d.err[0]).toContain("cannot read");
  });
});
