// index.html of `mvsim check --out`: one self-contained page (inline CSS, JS
// and SVG; no network) for a history file: the verdict, one row per checker,
// then the violations, the timeline of processes and operations, each
// isolation cycle drawn as a graph and edge by edge, and each illegal key as
// its longest partial linearization (html-violations.ts draws these for runs too).
// Contract: deterministic markup for a given report and history; all text escaped.
import type { HistoryEvent } from "../history/events.js";
import { rootCauseFirst } from "../history/verdict.js";
import { allViolations, type CheckReport } from "./check-report.js";
import { HTML_SCRIPT, HTML_STYLE } from "./html-assets.js";
import { historyBody } from "./html-violations.js";
import { escapeXml } from "./markup-escape.js";

function stats(s: Readonly<Record<string, number>> | undefined): string {
  return s ? Object.keys(s).map((k) => `${k}=${s[k]}`).join(", ") : "";
}

export function checkHtmlReport(report: CheckReport, history: readonly HistoryEvent[]): string {
  const rows = report.results.map(
    (r) =>
      `<tr class="checker" data-checker="${escapeXml(r.checker)}"><td>${escapeXml(r.checker)}</td><td class="verdict-${r.verdict}">${r.verdict}</td>` +
      `<td class="num">${r.violations.length}</td><td>${escapeXml(stats(r.stats))}</td><td>${escapeXml(r.unknownReason ?? "")}</td></tr>`,
  );
  const violations = rootCauseFirst(allViolations(report));
  const body =
    violations.length > 0
      ? [`<section class="check" id="check">`, ...historyBody({ id: "check", violations, history }), `</section>`]
      : [`<p>No checker found a violation${report.verdict === "unknown" ? "; some could not decide (see the table)" : ""}.</p>`];
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>mvsim check ${escapeXml(report.file)}: ${report.verdict}</title><style>${HTML_STYLE}</style></head>`,
    `<body data-kind="check" data-verdict="${report.verdict}">`,
    `<h1>mvsim check: <span class="${report.verdict}">${report.verdict}</span></h1>`,
    `<p class="note"><code>${escapeXml(report.file)}</code> · ${report.events} events · model ${escapeXml(report.model)} · written ${escapeXml(report.writtenAt)}</p>`,
    `<pre class="replay">${escapeXml(report.command)}</pre>`,
    `<p class="note">T<i>n</i> is the transaction (or operation) invoked at history index <i>n</i>; every message, list and drawing here uses that name.</p>`,
    `<h2>Checkers</h2><table class="checkers"><thead><tr><th>checker</th><th>verdict</th><th>violations</th><th>figures</th><th>unknown because</th></tr></thead><tbody>${rows.join("")}</tbody></table>`,
    report.skipped.length > 0 ? `<p class="note">Not run: ${escapeXml(report.skipped.join("; "))}.</p>` : "",
    ...body,
    `<script>${HTML_SCRIPT}</script>`,
    "</body></html>",
    "",
  ].join("\n");
}
