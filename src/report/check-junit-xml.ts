// junit.xml of `mvsim check --out`: one test case per checker run on the
// history. A violating checker carries <failure> with its violations; an
// unknown one <error type="unknown"> (a budget ran out, which must not pass
// silently). Contract: well-formed XML 1.0 whatever the text inside.
import { violationPlace } from "../history/ids.js";
import type { CheckResult } from "../check/checker.js";
import type { CheckReport } from "./check-report.js";
import { escapeXml } from "./markup-escape.js";

const VIOLATIONS_LISTED_MAX = 10;

function body(r: CheckResult, command: string): string {
  const lines: string[] = [];
  if (r.unknownReason) lines.push(`unknown: ${r.unknownReason}`);
  for (const v of r.violations.slice(0, VIOLATIONS_LISTED_MAX)) lines.push(`${v.kind} (${v.property}) ${violationPlace(v)}: ${v.explanation}`);
  if (r.violations.length > VIOLATIONS_LISTED_MAX) lines.push(`... and ${r.violations.length - VIOLATIONS_LISTED_MAX} more (see report.json)`);
  lines.push(`reproduce: ${command}`);
  return lines.join("\n");
}

function testcase(report: CheckReport, r: CheckResult): string {
  const attrs = `name="${escapeXml(r.checker)}" classname="mvsim.check.${escapeXml(report.model)}" time="0"`;
  if (r.verdict === "ok") return `    <testcase ${attrs}/>`;
  const tag = r.verdict === "violation" ? "failure" : "error";
  const message = r.verdict === "violation" ? `${r.violations.length} violation(s): ${r.violations.map((v) => v.kind).slice(0, 5).join(", ")}` : (r.unknownReason ?? "a budget ran out");
  return `    <testcase ${attrs}>\n      <${tag} type="${r.verdict}" message="${escapeXml(message)}">${escapeXml(body(r, report.command))}</${tag}>\n    </testcase>`;
}

export function checkJunitXml(report: CheckReport): string {
  const name = `mvsim check ${report.file}`;
  const failures = report.results.filter((r) => r.verdict === "violation").length;
  const errors = report.results.filter((r) => r.verdict === "unknown").length;
  const n = report.results.length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(name)}" tests="${n}" failures="${failures}" errors="${errors}">`,
    `  <testsuite name="${escapeXml(name)}" tests="${n}" failures="${failures}" errors="${errors}" skipped="0" timestamp="${escapeXml(report.writtenAt.replace(/Z$/, ""))}">`,
    ...report.results.map((r) => testcase(report, r)),
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
