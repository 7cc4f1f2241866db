// Writes a run's four reports into reports/<run-id>/ (or a given folder):
// report.json, summary.md, junit.xml and index.html. The set is written into a
// temporary sibling folder and renamed into place (an old folder is moved
// aside first and removed after), so a folder always holds the files of one
// run: a kill while writing leaves the old set or the new one, never a mix.
// Contract: returns the folder and file paths; I/O errors reject with the path.
import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
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

/** A sibling path of `dir` no other writer uses: `.<name>.<tag>-<pid>-<random>`. */
function sibling(dir: string, tag: string): string {
  return join(dirname(dir), `.${basename(dir)}.${tag}-${process.pid}-${randomBytes(4).toString("hex")}`);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

export const REPORT_FILES = ["report.json", "summary.md", "junit.xml", "index.html"] as const;

/** A folder is replaced only if it holds nothing but a run's reports (never a user's other files). */
async function refuseForeign(dir: string): Promise<void> {
  const names = await readdir(dir);
  const foreign = names.find((n) => !(REPORT_FILES as readonly string[]).includes(n) && !n.endsWith(".schedule.json"));
  if (foreign !== undefined) throw new Error(`${dir}: refusing to replace the folder: it holds ${foreign}, which is not a report of a run (choose another --out)`);
}

export async function writeRunReports(report: RunReport, dir: string): Promise<WrittenReports> {
  await mkdir(dirname(dir), { recursive: true });
  const tmp = sibling(dir, "tmp");
  await mkdir(tmp);
  const outputs: [string, string][] = [
    ["report.json", reportJson(report)],
    ["summary.md", summaryMarkdown(report)],
    ["junit.xml", junitXml(report)],
    ["index.html", htmlReport(report)],
  ];
  try {
    for (const [name, text] of outputs) await writeFile(join(tmp, name), text, "utf8");
    // rename(2) cannot replace a non-empty folder: move the old set aside first.
    const old = (await exists(dir)) ? sibling(dir, "old") : undefined;
    if (old) await refuseForeign(dir);
    if (old) await rename(dir, old);
    await rename(tmp, dir);
    if (old) await rm(old, { recursive: true, force: true });
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  return { dir, files: outputs.map(([name]) => join(dir, name)) };
}
