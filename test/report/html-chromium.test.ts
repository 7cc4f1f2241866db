// Opens index.html of a failing run, and of `mvsim check --out`, in headless
// Chromium (Debian's `chromium` package, installed by .ci/run) and checks, in
// the DOM after the page's script ran, that the failing seed is rendered: its
// section, its timeline bars, the first cycle edge highlighted with its two
// txns (on the timeline and in the drawn graph), the linearization.
// Skips, saying why, when /usr/bin/chromium is absent.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeCheckReports } from "../../src/report/check-folder.js";
import { CHECK_REPORT_SCHEMA_VERSION } from "../../src/report/check-report.js";
import { writeRunReports } from "../../src/report/run-folder.js";
import { checkDependencyGraph } from "../../src/check/graph/index.js";
import { rwCycleHistory } from "./check-fixtures.js";
import { sampleReport } from "./fixtures.js";

const CHROMIUM = "/usr/bin/chromium";
const present = existsSync(CHROMIUM);
if (!present) console.warn(`html-chromium.test.ts: SKIPPED: ${CHROMIUM} is absent (apt-get install chromium; .ci/run installs it)`);

const dir = mkdtempSync(join(tmpdir(), "mvsim-html-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function dumpDom(index: string): string {
  const profile = join(dir, "profile");
  const r = spawnSync(
    CHROMIUM,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      `--user-data-dir=${profile}`,
      "--dump-dom",
      `file://${index}`,
    ],
    { encoding: "utf8", timeout: 50_000, maxBuffer: 64 << 20 },
  );
  expect(r.error, String(r.error)).toBeUndefined();
  expect(r.stdout, r.stderr.slice(-2000)).toContain('data-ready="1"');
  return r.stdout;
}

describe.skipIf(!present)("index.html in headless Chromium", () => {
  it("renders the failing seed after its script ran", async () => {
    const { files } = await writeRunReports(sampleReport(), join(dir, "run"));
    const dom = dumpDom(files.find((f) => f.endsWith("index.html"))!);
    expect(dom).toMatch(/<html[^>]*class="js"/);
    expect(dom).toContain('<section class="seed" id="seed-0" data-scenario="bank" data-seed="101">');
    // the first cycle step is active, its edge shown, its two txns highlighted
    expect(dom).toMatch(/<li data-step="0" data-from="T0" data-to="T1" class="active">/);
    expect(dom).toMatch(/<g class="edge active" data-cycle="seed-0-c0" data-step="0">/);
    expect(dom).toContain('<span class="pos">step 1 of 2</span>');
    expect(dom).toContain('class="lin-view"');
    expect(dom.match(/<g class="op ok involved hl"/g)).toHaveLength(2);
    expect(dom).toContain('class="marker power-loss"');
    expect(dom).toMatch(/<g class="edge graph-edge active" data-cycle="seed-0-c0" data-step="0"/);
  });

  it("renders a checked history's cycle graph, stepping through its edges", async () => {
    const history = rwCycleHistory();
    const result = checkDependencyGraph(history, { model: "serializable" });
    const report = {
      schemaVersion: CHECK_REPORT_SCHEMA_VERSION, kind: "check", file: "cycle.jsonl", format: "jsonl", model: "serializable", events: history.length,
      command: "mvsim check cycle.jsonl --model serializable", writtenAt: "2026-01-01T00:00:00.000Z", verdict: result.verdict, results: [result], skipped: [],
    } as const;
    const { files } = await writeCheckReports(report, history, join(dir, "check"));
    const dom = dumpDom(files.find((f) => f.endsWith("index.html"))!);
    expect(dom).toContain('<section class="check" id="check">');
    expect(dom).toMatch(/<g class="edge graph-edge active" data-cycle="check-c0" data-step="0" data-type="rw">/);
    expect(dom).toContain('<span class="pos">step 1 of 3</span>');
    // the first edge's two txns are highlighted as nodes and as bars
    expect(dom.match(/<g class="node hl"/g)).toHaveLength(2);
    expect(dom.match(/<g class="op ok involved hl"/g)).toHaveLength(2);
  });
});
