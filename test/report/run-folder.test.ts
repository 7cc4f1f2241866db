// The run folder: reports/<run-id>/ by default, exactly the four files after a
// write (temporary names renamed away), and a rewrite replaces them whole.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runFolder, writeAtomic, writeRunReports } from "../../src/report/run-folder.js";
import { sampleReport } from "./fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "mvsim-folder-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("run folder", () => {
  it("defaults to reports/<run-id>", () => {
    expect(runFolder(sampleReport())).toBe(join("reports", "20261121-130000-abcd"));
    expect(runFolder(sampleReport(), "out/x")).toBe("out/x");
  });

  it("holds exactly the four reports after a write, twice over", async () => {
    const out = join(dir, "run");
    await writeRunReports(sampleReport(), out);
    await writeRunReports(sampleReport(), out);
    expect(readdirSync(out).sort()).toEqual(["index.html", "junit.xml", "report.json", "summary.md"]);
  });

  it("writeAtomic replaces a file whole and leaves no temporary behind", async () => {
    const p = join(dir, "f.txt");
    await writeAtomic(p, "one");
    await writeAtomic(p, "two");
    expect(readFileSync(p, "utf8")).toBe("two");
    expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
    await expect(writeAtomic(join(dir, "missing", "g.txt"), "x")).rejects.toThrow(/ENOENT/);
  });
});
