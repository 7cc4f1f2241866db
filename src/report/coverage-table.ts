// The engine's line and branch coverage in each report (docs/coverage.md):
// one console line, a Markdown table, an HTML table with every uncovered line
// shown with its text, and JUnit properties. Files are listed lowest line
// coverage first, so what the gate leaves unexercised is at the top.
// Contract: pure functions of the report; nothing when the run took no coverage.
import type { CoverageCount, EngineCoverage, FileCoverage } from "../harness/engine-coverage.js";
import type { RunReport } from "../harness/run-result.js";
import { escapeXml, markdownCell } from "./markup-escape.js";

/** "87.5% (350/400)", or "none" when there is nothing to count. */
export function percentText(c: CoverageCount): string {
  return c.total === 0 ? "none" : `${((100 * c.covered) / c.total).toFixed(1)}% (${c.covered}/${c.total})`;
}

function ratio(c: CoverageCount): number {
  return c.total === 0 ? 1 : c.covered / c.total;
}

/** Lowest line coverage first, then by name. */
export function filesByNeed(cov: EngineCoverage): FileCoverage[] {
  return [...cov.files].sort((a, b) => ratio(a.lines) - ratio(b.lines) || ratio(a.branches) - ratio(b.branches) || (a.file < b.file ? -1 : 1));
}

/** "3-5, 9, 12-13": consecutive line numbers as ranges. */
export function lineRanges(lines: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++;
    out.push(i === j ? `${lines[i]}` : `${lines[i]}-${lines[j]}`);
    i = j + 1;
  }
  return out.join(", ");
}

export function coverageLine(cov: EngineCoverage): string {
  const low = filesByNeed(cov).filter((f) => f.lines.total > 0).slice(0, 3);
  return `engine coverage: lines ${percentText(cov.lines)}, branches ${percentText(cov.branches)} over ${cov.files.length} files; lowest: ${low.map((f) => `${f.file} ${percentText(f.lines)}`).join(", ")}`;
}

const RANGES_CHARS_MAX = 160;

export function coverageMarkdown(report: RunReport): string[] {
  const cov = report.coverage;
  if (!cov) return [];
  const out = [
    "### Engine coverage",
    "",
    `V8 block coverage of src/engine over every seed of this run (${cov.threads} worker threads merged): lines ${percentText(cov.lines)}, branches ${percentText(cov.branches)}. Definitions: docs/coverage.md.`,
    "",
    "| file | lines | branches | uncovered lines |",
    "|---|---:|---:|---|",
  ];
  for (const f of filesByNeed(cov)) {
    const ranges = lineRanges(f.uncoveredLines);
    const cut = ranges.length > RANGES_CHARS_MAX ? `${ranges.slice(0, RANGES_CHARS_MAX - 1)}…` : ranges;
    out.push(`| ${markdownCell(f.file)} | ${percentText(f.lines)} | ${percentText(f.branches)} | ${markdownCell(cut)} |`);
  }
  out.push("");
  return out;
}

function uncoveredSource(f: FileCoverage): string {
  if (f.uncoveredLines.length === 0) return "";
  const width = String(f.uncoveredLines[f.uncoveredLines.length - 1]).length;
  const rows: string[] = [];
  f.uncoveredLines.forEach((line, i) => {
    // A gap between runs of uncovered lines is shown as an ellipsis row.
    if (i > 0 && line !== f.uncoveredLines[i - 1]! + 1) rows.push(`<span class="note">${" ".repeat(width)} …</span>`);
    const text = f.uncoveredText?.[i] ?? "";
    rows.push(`<span class="uncovered">${String(line).padStart(width)}  ${escapeXml(text)}</span>`);
  });
  return `<details><summary>${escapeXml(f.file)}: ${f.uncoveredLines.length} uncovered lines</summary><pre class="coverage">${rows.join("\n")}</pre></details>`;
}

export function coverageHtml(report: RunReport): string {
  const cov = report.coverage;
  if (!cov) return "";
  const rows = filesByNeed(cov).map(
    (f) =>
      `<tr data-file="${escapeXml(f.file)}"><td>${escapeXml(f.file)}</td><td class="num">${percentText(f.lines)}</td><td class="num">${percentText(f.branches)}</td><td>${escapeXml(lineRanges(f.uncoveredLines))}</td></tr>`,
  );
  return [
    `<h2>Engine coverage</h2><p class="note">V8 block coverage of src/engine over every seed of this run (${cov.threads} worker threads merged); definitions in docs/coverage.md.</p>`,
    `<p class="coverage-total">lines ${percentText(cov.lines)} · branches ${percentText(cov.branches)}</p>`,
    `<table class="coverage"><thead><tr><th>file</th><th>lines</th><th>branches</th><th>uncovered lines</th></tr></thead><tbody>`,
    `<tr class="total"><td><b>total</b></td><td class="num"><b>${percentText(cov.lines)}</b></td><td class="num"><b>${percentText(cov.branches)}</b></td><td></td></tr>`,
    ...rows,
    `</tbody></table>`,
    `<p class="note">Uncovered lines with their source (open a file):</p>`,
    ...filesByNeed(cov).map(uncoveredSource).filter((s) => s !== ""),
  ].join("\n");
}

/** `<property>` elements for the testsuite: totals and each file's fractions. */
export function coverageProperties(report: RunReport): string {
  const cov = report.coverage;
  if (!cov) return "";
  const prop = (name: string, value: string): string => `<property name="${escapeXml(name)}" value="${escapeXml(value)}"/>`;
  const props = [
    prop("coverage.lines.covered", String(cov.lines.covered)),
    prop("coverage.lines.total", String(cov.lines.total)),
    prop("coverage.branches.covered", String(cov.branches.covered)),
    prop("coverage.branches.total", String(cov.branches.total)),
    ...cov.files.flatMap((f) => [prop(`coverage.lines:${f.file}`, percentText(f.lines)), prop(`coverage.branches:${f.file}`, percentText(f.branches))]),
  ];
  return `    <properties>${props.join("")}</properties>`;
}
