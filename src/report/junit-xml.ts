// junit.xml: one test case per scenario, so CI systems list scenarios as tests.
// A failed scenario carries <failure> with its reason, violations and replay
// lines; an unknown one carries <error type="unknown"> (a budget ran out, which
// must not pass silently). Contract: well-formed XML 1.0 whatever the text inside.
import type { RunReport, ScenarioReport } from "../harness/run-result.js";
import { describeExpectation } from "../harness/scenario.js";
import { violationPlace } from "../history/ids.js";
import { escapeXml } from "./markup-escape.js";
import { coverageProperties } from "./coverage-table.js";

const SEEDS_LISTED_MAX = 5;

function body(sc: ScenarioReport): string {
  const lines = [sc.summary.reason, ""];
  const failing = sc.seeds.filter((s) => s.verdict !== "ok");
  for (const s of failing.slice(0, SEEDS_LISTED_MAX)) {
    lines.push(`seed ${s.seed} (${s.verdict}):`);
    for (const v of s.violations.slice(0, 3)) lines.push(`  ${v.kind} (${v.property}) ${violationPlace(v)}: ${v.explanation}`);
    for (const r of s.unknownReasons ?? []) lines.push(`  unknown: ${r}`);
    lines.push(`  reproduce: ${s.replay}`, "");
  }
  if (failing.length > SEEDS_LISTED_MAX) lines.push(`... and ${failing.length - SEEDS_LISTED_MAX} more seeds (see report.json)`);
  return lines.join("\n");
}

/** Seconds of wall time the scenario's seeds took, where recorded (informational). */
function seconds(sc: ScenarioReport): string {
  const ms = sc.seeds.reduce((t, s) => t + (s.durationWallMs ?? 0), 0);
  return (ms / 1000).toFixed(3);
}

function testcase(sc: ScenarioReport): string {
  const attrs = `name="${escapeXml(sc.name)}" classname="mvsim.${escapeXml(sc.file.replace(/\.json$/, "").replace(/[\\/]/g, "."))}" time="${seconds(sc)}"`;
  const s = sc.summary;
  const props = `<properties><property name="expect" value="${escapeXml(describeExpectation(sc.expect))}"/><property name="seeds" value="${s.seedsRun}"/>${sc.bugs.map((b) => `<property name="bug" value="${escapeXml(b)}"/>`).join("")}</properties>`;
  if (s.status === "passed") return `    <testcase ${attrs}>${props}</testcase>`;
  const first = sc.seeds.find((x) => x.seed === s.firstFailingSeed) ?? sc.seeds.find((x) => x.verdict !== "ok");
  const message = first ? `${s.reason} — reproduce: ${first.replay}` : s.reason;
  const tag = s.status === "failed" ? "failure" : "error";
  const type = s.status === "failed" ? "violation" : "unknown";
  return `    <testcase ${attrs}>${props}\n      <${tag} type="${type}" message="${escapeXml(message)}">${escapeXml(body(sc))}</${tag}>\n    </testcase>`;
}

export function junitXml(report: RunReport): string {
  const t = report.totals;
  const name = `mvsim ${report.runId}`;
  const conflicts = report.conflicts.map(
    (c) =>
      `    <testcase name="${escapeXml(`determinism: ${c.scenario} seed ${c.seed}`)}" classname="mvsim.conflicts" time="0">\n      <failure type="conflict" message="${escapeXml(`trace hashes differ: ${c.traceHashes.join(" vs ")}`)}">${escapeXml(`sources: ${c.sources.join(", ")}`)}</failure>\n    </testcase>`,
  );
  const cases = [...report.scenarios.map(testcase), ...conflicts];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(name)}" tests="${cases.length}" failures="${t.scenariosFailed + report.conflicts.length}" errors="${t.scenariosUnknown}">`,
    `  <testsuite name="${escapeXml(name)}" tests="${cases.length}" failures="${t.scenariosFailed + report.conflicts.length}" errors="${t.scenariosUnknown}" skipped="0" timestamp="${escapeXml(report.startedAt.replace(/Z$/, ""))}">`,
    ...(report.coverage ? [coverageProperties(report)] : []),
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
