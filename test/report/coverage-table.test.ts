// The engine coverage section of the four writers, from a hand-made report:
// files lowest first, line ranges, escaped source text, well-formed markup.
import { describe, expect, it } from "vitest";
import type { EngineCoverage } from "../../src/harness/engine-coverage.js";
import { coverageLine, filesByNeed, lineRanges, percentText } from "../../src/report/coverage-table.js";
import { htmlReport } from "../../src/report/html-report.js";
import { junitXml } from "../../src/report/junit-xml.js";
import { summaryMarkdown } from "../../src/report/summary-md.js";
import { reportJson } from "../../src/report/report-json.js";
import { sampleReport } from "./fixtures.js";
import { checkMarkup } from "./markup-check.js";

const coverage: EngineCoverage = {
  threads: 2,
  lines: { total: 14, covered: 10 },
  branches: { total: 5, covered: 3 },
  files: [
    { file: "src/engine/a.ts", lines: { total: 10, covered: 9 }, branches: { total: 4, covered: 3 }, uncoveredLines: [7], uncoveredText: ["  if (x < y && <script>) {"], uncoveredBranches: ["7:3"] },
    { file: "src/engine/b.ts", lines: { total: 4, covered: 1 }, branches: { total: 1, covered: 0 }, uncoveredLines: [2, 3, 9], uncoveredText: ["a", "b", "c"], uncoveredBranches: ["2:1"] },
    { file: "src/engine/types.ts", lines: { total: 0, covered: 0 }, branches: { total: 0, covered: 0 }, uncoveredLines: [], uncoveredBranches: [] },
  ],
};

describe("engine coverage in the reports", () => {
  it("formats fractions and line ranges, lowest line coverage first", () => {
    expect(percentText({ total: 3, covered: 2 })).toBe("66.7% (2/3)");
    expect(percentText({ total: 0, covered: 0 })).toBe("none");
    expect(lineRanges([1, 2, 3, 5, 7, 8])).toBe("1-3, 5, 7-8");
    expect(lineRanges([])).toBe("");
    expect(filesByNeed(coverage).map((f) => f.file)).toEqual(["src/engine/b.ts", "src/engine/a.ts", "src/engine/types.ts"]);
    expect(coverageLine(coverage)).toBe("engine coverage: lines 71.4% (10/14), branches 60.0% (3/5) over 3 files; lowest: src/engine/b.ts 25.0% (1/4), src/engine/a.ts 90.0% (9/10)");
  });

  it("writes a table into summary.md and index.html, properties into junit.xml, the data into report.json", () => {
    const report = { ...sampleReport(), coverage };
    const md = summaryMarkdown(report);
    expect(md).toContain("| src/engine/b.ts | 25.0% (1/4) | 0.0% (0/1) | 2-3, 9 |");
    expect(md.indexOf("src/engine/b.ts")).toBeLessThan(md.indexOf("src/engine/a.ts"));
    const html = htmlReport(report);
    expect(checkMarkup(html, "html").problem).toBeUndefined();
    expect(html).toContain("if (x &lt; y &amp;&amp; &lt;script&gt;) {");
    expect(html).not.toContain("<script>) {");
    const junit = junitXml(report);
    expect(checkMarkup(junit, "xml").problem).toBeUndefined();
    expect(junit).toContain('<property name="coverage.lines:src/engine/a.ts" value="90.0% (9/10)"/>');
    expect(JSON.parse(reportJson(report)).coverage).toEqual(coverage);
  });

  it("a report without coverage has no coverage section", () => {
    const report = sampleReport();
    expect(summaryMarkdown(report)).not.toContain("Engine coverage");
    expect(htmlReport(report)).not.toContain("Engine coverage");
    expect(junitXml(report)).not.toContain("coverage.");
  });
});
