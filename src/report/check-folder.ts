// Writes the four reports of `mvsim check --out DIR`: report.json, summary.md,
// junit.xml and index.html, each to a temporary sibling and then renamed into
// place (writeAtomic), so a reader never sees half a file.
// Contract: returns the folder and file paths; I/O errors reject with the path.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { HistoryEvent } from "../history/events.js";
import { checkJunitXml } from "./check-junit-xml.js";
import { checkReportJson, type CheckReport } from "./check-report.js";
import { checkSummaryMarkdown } from "./check-summary-md.js";
import { checkHtmlReport } from "./html-check-report.js";
import { writeAtomic, type WrittenReports } from "./run-folder.js";

export async function writeCheckReports(report: CheckReport, history: readonly HistoryEvent[], dir: string): Promise<WrittenReports> {
  await mkdir(dir, { recursive: true });
  // Rendered before anything is written: a renderer that throws leaves the folder as it was.
  const outputs: [string, string][] = [
    ["report.json", checkReportJson(report)],
    ["summary.md", checkSummaryMarkdown(report)],
    ["junit.xml", checkJunitXml(report)],
    ["index.html", checkHtmlReport(report, history)],
  ];
  const files: string[] = [];
  for (const [name, text] of outputs) {
    const path = join(dir, name);
    await writeAtomic(path, text);
    files.push(path);
  }
  return { dir, files };
}
