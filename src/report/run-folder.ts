// Writes a run's four reports into reports/<run-id>/ (or a given folder):
// report.json, summary.md, junit.xml and index.html. Each file is written to a
// temporary name in the same folder, then renamed into place, so a reader (a
// CI step, a browser) never sees half a file.
// Contract: returns the folder and file paths; I/O errors reject with the path.
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RunReport } from "../harness/run-result.js";
import { htmlReport } from "./html-report.js";
import { junitXml } from "./junit-xml.js";
import { reportJson } from "./report-json.js";
import { summaryMarkdown } from "./summary-md.js";

export const REPORTS_ROOT = "reports";

export interface WrittenReports {
  readonly dir: string;
  readonly files: readonly string[];
}

let tmpCounter = 0;

/** Writes `text` to `path` atomically (temporary sibling, then rename). */
export async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${++tmpCounter}`;
  try {
    await writeFile(tmp, text, "utf8");
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** The folder a run writes to: `<root>/<runId>`, or exactly `dir` when given. */
export function runFolder(report: RunReport, dir?: string, root = REPORTS_ROOT): string {
  return dir ?? join(root, report.runId);
}

export async function writeRunReports(report: RunReport, dir: string): Promise<WrittenReports> {
  await mkdir(dir, { recursive: true });
  const outputs: [string, string][] = [
    ["report.json", reportJson(report)],
    ["summary.md", summaryMarkdown(report)],
    ["junit.xml", junitXml(report)],
    ["index.html", htmlReport(report)],
  ];
  const files: string[] = [];
  for (const [name, text] of outputs) {
    const path = join(dir, name);
    await writeAtomic(path, text);
    files.push(path);
  }
  return { dir, files };
}
