// Runs that lose nothing: the report set replaces a folder as a whole, run ids
// are unique, a signal writes a partial report (exit 130/143) and a second one
// exits at once, and the README's shard-then-merge lines work as written.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { uniqueRunId } from "../../src/cli/run-command.js";
import { writeRunReports } from "../../src/report/run-folder.js";
import { buildReport } from "../../src/harness/run-summary.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const loader = join(root, "test/real/ts-worker-register.mjs");
const cli = join(root, "src/cli/main.ts");
const mvsim = `node --import ${loader} ${cli}`;

const emptyReport = (runId: string) => buildReport({ runId, startedAt: "2026-12-02T00:00:00.000Z", command: "test" }, []);

describe("the report set", () => {
  it("replaces an old set as a whole (nothing of the old run stays beside the new one)", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "mvsim-set-")), "out");
    await writeRunReports(emptyReport("one"), dir);
    writeFileSync(join(dir, "old.schedule.json"), "{}");
    await writeRunReports(emptyReport("two"), dir);
    expect(readdirSync(dir).sort()).toEqual(["index.html", "junit.xml", "report.json", "summary.md"]);
    expect(JSON.parse(readFileSync(join(dir, "report.json"), "utf8")).runId).toBe("two");
    // No temporary or moved-aside folder is left next to it.
    expect(readdirSync(join(dir, "..")).filter((n) => n !== "out")).toEqual([]);
  });

  it("refuses to replace a folder that holds files that are not reports", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mvsim-foreign-"));
    writeFileSync(join(dir, "notes.txt"), "mine");
    await expect(writeRunReports(emptyReport("x"), dir)).rejects.toThrow(/refusing to replace the folder: it holds notes\.txt/);
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine");
  });

  it("run ids differ for the same command started in the same second", () => {
    const t = new Date("2026-12-02T10:00:00Z");
    const ids = new Set(Array.from({ length: 50 }, () => uniqueRunId(t, "mvsim run x.json")));
    expect(ids.size).toBe(50);
  });
});

interface CliRun {
  child: ReturnType<typeof spawn>;
  done: Promise<{ code: number | null; out: string; err: string }>;
  started: Promise<void>;
  stopping: Promise<void>;
}

function cliRun(args: string[], cwd: string): CliRun {
  const child = spawn("node", ["--import", loader, cli, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  let started!: () => void;
  const startedP = new Promise<void>((r) => (started = r));
  let stopping!: () => void;
  const stoppingP = new Promise<void>((r) => (stopping = r));
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => {
    err += d.toString();
    if (/seeds: \d+\/\d+ seeds/.test(err)) started();
    if (/handing out no more seeds/.test(err)) stopping();
  });
  const done = new Promise<{ code: number | null; out: string; err: string }>((r) => child.on("exit", (code) => r({ code, out, err })));
  return { child, done, started: startedP, stopping: stoppingP };
}

describe("signals", () => {
  const cwd = mkdtempSync(join(tmpdir(), "mvsim-sig-"));
  const args = ["run", join(root, "scenarios/bank-transfers.json"), "--seeds", "500", "--workers", "1"];

  it("the first SIGINT stops handing out seeds and writes a report marked partial; exit 130", async () => {
    const out = join(cwd, "partial");
    const r = cliRun([...args, "--out", out], cwd);
    await r.started;
    r.child.kill("SIGINT");
    const { code, out: stdout } = await r.done;
    expect(code, stdout).toBe(130);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.partial.signal).toBe("SIGINT");
    expect(report.partial.seedsPlanned).toBe(500);
    expect(report.partial.seedsRun).toBeLessThan(500);
    expect(report.totals.seeds).toBe(report.partial.seedsRun);
    expect(report.verdict).not.toBe("ok");
    expect(readFileSync(join(out, "summary.md"), "utf8")).toMatch(/Partial run/);
    expect(stdout).toMatch(/PARTIAL: stopped by SIGINT/);
  });

  it("a second SIGTERM exits at once with 143; a report folder, if any, is a whole one", async () => {
    const out = join(cwd, "twice");
    const r = cliRun([...args, "--out", out], cwd);
    await r.started;
    r.child.kill("SIGTERM");
    // Two signals sent back to back merge into one: send the second once the first is seen.
    await r.stopping;
    r.child.kill("SIGTERM");
    const { code, err } = await r.done;
    expect(code).toBe(143);
    expect(err).toMatch(/SIGTERM again: exiting now without a report/);
    if (existsSync(out)) expect(readdirSync(out).sort()).toEqual(["index.html", "junit.xml", "report.json", "summary.md"]);
  });
});

describe("README", () => {
  it("`run --shard 2/4` then `merge shard-*/report.json` work as written, in a fresh folder", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const lines = readme.split("\n").filter((l) => /^npx mvsim (run .*--shard|merge shard-)/.test(l));
    expect(lines).toHaveLength(2);
    const cwd = mkdtempSync(join(tmpdir(), "mvsim-readme-"));
    mkdirSync(join(cwd, "scenarios"));
    cpSync(join(root, "scenarios/bank-transfers.json"), join(cwd, "scenarios/bank-transfers.json"));
    for (const line of lines) {
      const cmd = line.replace(/\s+#.*$/, "").replace(/^npx mvsim/, mvsim);
      const r = spawnSync("sh", ["-c", cmd], { cwd, encoding: "utf8" });
      expect(r.status, `${line}\n${r.stdout}${r.stderr}`).toBe(0);
    }
    const merged = JSON.parse(readFileSync(join(cwd, "merged/report.json"), "utf8"));
    expect(merged.totals.seeds).toBe(2); // seeds 1 and 5 of 8: shard 2 of 4
  });
});

describe("--seeds", () => {
  it("a huge --seeds is refused with exit 2", () => {
    const r = spawnSync("node", ["--import", loader, cli, "run", join(root, "scenarios/bank-transfers.json"), "--seeds", "123456789012345678901234567890"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--seeds: expected an integer in \[1, 1000000\]/);
  });
});
