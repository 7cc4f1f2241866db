// PCT's calibrated k travels with a failing seed: the replay line a run prints
// carries --pct-k K, and that line, run as written, gives the seed's trace
// hash; a different k gives another run (so the flag is not decoration); a
// schedule file from shrink records the k; bad uses of --pct-k exit 2.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { callCommand } from "./call-command.js";
import { replayCommand } from "../../src/cli/commands/replay.js";
import { runCmd } from "../../src/cli/commands/run.js";
import { shrinkCommand } from "../../src/cli/commands/shrink.js";
import { replayLine } from "../../src/harness/run-result.js";
import { parseScheduleFile } from "../../src/harness/schedule-file.js";

const dir = mkdtempSync(join(tmpdir(), "mvsim-pct-k-"));
const scenario = (name: string, body: object): string => {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, description: `test ${name}`, ...body }));
  return file;
};
const body = {
  processes: 1,
  threadsPerProcess: 4,
  workload: { opsPerThread: 8, txnSize: { min: 1, max: 2 }, readRatio: 0, keys: { count: 2, distribution: "hotset", hotKeys: 1, hotRatio: 0.9 } },
  // pct with no maxSteps: k is calibrated from the first gate seeds.
  strategy: { name: "pct", depth: 3 },
  gate: { seeds: 30 },
  bugs: ["ww-check-toctou"],
  expect: { find: "write-conflict" },
};
const pct = scenario("pct-toctou", body);
const random = scenario("random-toctou", { ...body, strategy: { name: "random" } });

const call = callCommand;

const traceOf = (out: string): string => /trace (\S+?),? /.exec(out)?.[1] ?? "(no trace hash)";

describe("--pct-k: PCT's k in the replay line", () => {
  it("the printed replay line of a failing seed, run as written, gives its trace hash; another k another run", async () => {
    const outDir = join(dir, "run");
    const run = await call(runCmd, [pct, "--workers", "1", "--out", outDir]);
    expect(run.code, run.out + run.err).toBe(0);
    const line = /reproduce: (mvsim replay .*)/.exec(run.out)?.[1];
    expect(line, run.out).toMatch(/ --pct-k \d+/);
    const report = JSON.parse(readFileSync(join(outDir, "report.json"), "utf8"));
    const seeds = report.scenarios[0].seeds as { seed: string; verdict: string; traceHash: string; replay: string; stats: { pctMaxSteps?: number } }[];
    const failing = seeds.find((s) => s.replay === line)!;
    expect(failing.verdict).toBe("violation");
    expect(line).toContain(`--pct-k ${failing.stats.pctMaxSteps}`);
    // Every seed of the run records the same calibrated k (it depends on the scenario only).
    expect(new Set(seeds.map((s) => s.stats.pctMaxSteps)).size).toBe(1);

    const words = line!.split(" ");
    expect(words.slice(0, 2)).toEqual(["mvsim", "replay"]);
    const replayed = await call(replayCommand, words.slice(2));
    expect(replayed.code, replayed.out + replayed.err).toBe(1);
    expect(traceOf(replayed.out)).toBe(failing.traceHash);
    expect(replayed.out).toContain(`pct k ${failing.stats.pctMaxSteps}`);

    const k = failing.stats.pctMaxSteps!;
    const other = await call(replayCommand, [pct, "--seed", failing.seed, "--pct-k", String(k * 4)]);
    expect(traceOf(other.out)).not.toBe(failing.traceHash);
    expect(other.out).toContain(`pct k ${k * 4}`);
  }, 60_000);

  it("shrink records the k in the schedule file, and takes it as --pct-k", async () => {
    const outDir = join(dir, "run2");
    await call(runCmd, [pct, "--workers", "1", "--out", outDir]);
    const report = JSON.parse(readFileSync(join(outDir, "report.json"), "utf8"));
    const failing = report.scenarios[0].seeds.find((s: { verdict: string }) => s.verdict === "violation");
    const k = failing.stats.pctMaxSteps as number;
    const file = join(dir, "shrunk.schedule.json");
    const r = await call(shrinkCommand, [pct, "--seed", failing.seed, "--pct-k", String(k), "--runs", "40", "--out", file]);
    expect(r.code, r.out + r.err).toBe(0);
    const parsed = parseScheduleFile(readFileSync(file, "utf8"), file);
    expect(parsed.ok && parsed.value.pctK).toBe(k);
    const bad = parseScheduleFile(readFileSync(file, "utf8").replace(`"pctK": ${k}`, `"pctK": 0`), file);
    expect(bad.ok ? "parsed" : bad.error).toMatch(/shrunk\.schedule\.json: pctK: expected an integer from 1 to/);
  }, 60_000);

  it("refuses --pct-k where no k is calibrated, and a k out of range, with exit 2", async () => {
    const onRandom = await call(replayCommand, [random, "--seed", "1", "--pct-k", "100"]);
    expect(onRandom.code).toBe(2);
    expect(onRandom.err).toMatch(/random-toctou\.json: --pct-k: this run's strategy is random, not pct/);
    const zero = await call(replayCommand, [pct, "--seed", "1", "--pct-k", "0"]);
    expect(zero.code).toBe(2);
    expect(zero.err).toMatch(/--pct-k expects an integer from 1 to/);
  });

  it("replayLine writes --pct-k only when a k was calibrated", () => {
    expect(replayLine({ scenario: "s.json", seed: 5n, pctK: 812 })).toBe("mvsim replay s.json --seed 5 --pct-k 812");
    expect(replayLine({ scenario: "s.json", seed: 5n, extraBugs: ["b"] })).toBe("mvsim replay s.json --seed 5 --bug b");
  });
});
