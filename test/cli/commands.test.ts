import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { callCommand } from "./call-command.js";
import { gateCommand } from "../../src/cli/commands/gate.js";
import { replayCommand } from "../../src/cli/commands/replay.js";
import { runCmd } from "../../src/cli/commands/run.js";
import { shrinkCommand } from "../../src/cli/commands/shrink.js";

const dir = mkdtempSync(join(tmpdir(), "mvsim-cli-"));
const scenario = (name: string, body: object): string => {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, description: `test ${name}`, ...body }));
  return file;
};
const small = { processes: 1, threadsPerProcess: 2, workload: { opsPerThread: 4, txnSize: { min: 1, max: 2 }, keys: { count: 3 } }, gate: { seeds: 4 } };
const clean = scenario("clean", small);
const toctou = scenario("toctou", {
  ...small,
  threadsPerProcess: 4,
  workload: { opsPerThread: 8, txnSize: { min: 1, max: 2 }, readRatio: 0, keys: { count: 2, distribution: "hotset", hotKeys: 1, hotRatio: 0.9 } },
  gate: { seeds: 40 },
  bugs: ["ww-check-toctou"],
  expect: { find: "write-conflict" },
});
const broken = scenario("broken", { ...small, workload: { ...small.workload, keys: { count: 3, distribution: "zip" } } });

const call = callCommand;

describe("mvsim commands", () => {
  it("run: a clean scenario passes, writes the four reports, exit 0", async () => {
    const out = join(dir, "run-clean");
    const r = await call(runCmd, [clean, "--workers", "1", "--out", out]);
    expect(r.code, r.out + r.err).toBe(0);
    for (const f of ["report.json", "summary.md", "junit.xml", "index.html"]) expect(existsSync(join(out, f))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, "report.json"), "utf8")).totals.seeds).toBe(4);
  });

  it("gate: a bug scenario meets its expectation by finding the violation, and prints the replay line", async () => {
    const r = await call(gateCommand, [toctou, "--workers", "1", "--out", join(dir, "gate")]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/passed\s+toctou/);
    expect(r.out).toMatch(/reproduce: mvsim replay \S+toctou\.json --seed \d+/);
  });

  it("replay: the same seed gives the same trace hash; the failing seed exits 1", async () => {
    const gate = JSON.parse(readFileSync(join(dir, "gate", "report.json"), "utf8"));
    const failing = gate.scenarios[0].seeds.find((s: { verdict: string }) => s.verdict === "violation");
    const a = await call(replayCommand, [toctou, "--seed", failing.seed]);
    const b = await call(replayCommand, [toctou, "--seed", failing.seed]);
    expect(a.code).toBe(1);
    expect(a.out).toContain(`trace ${failing.traceHash}`);
    expect(b.out).toBe(a.out);
    expect(a.out).toMatch(/violation 1: write-conflict/);
  });

  it("shrink: writes a smaller schedule that replays to the same violation", async () => {
    const gate = JSON.parse(readFileSync(join(dir, "gate", "report.json"), "utf8"));
    const failing = gate.scenarios[0].seeds.find((s: { verdict: string }) => s.verdict === "violation");
    const file = join(dir, "shrunk.json");
    const r = await call(shrinkCommand, [toctou, "--seed", failing.seed, "--out", file, "--runs", "150"]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/replays to the same violation: yes/);
    const before = Number(/before: (\d+) threads, (\d+) ops, (\d+) steps/.exec(r.out)![3]);
    const after = Number(/after: {2}(\d+) threads, (\d+) ops, (\d+) steps/.exec(r.out)![3]);
    expect(after).toBeLessThan(before);
    const replayed = await call(replayCommand, ["--schedule", file]);
    expect(replayed.code).toBe(1);
    expect(replayed.out).toMatch(/write-conflict/);
  }, 60_000);

  it("a malformed scenario is one line naming the file and field, exit 2", async () => {
    const r = await call(runCmd, [broken, "--workers", "1"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/broken\.json: workload\.keys\.distribution: expected/);
    expect(r.err.split("\n")).toHaveLength(1);
    const bad = await call(runCmd, [clean, "--bug", "no-such-bug"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown switch "no-such-bug"/);
    const dfs = await call(runCmd, [clean, "--strategy", "dfs", "--workers", "1"]);
    expect(dfs.code).toBe(2);
    expect(dfs.err).toMatch(/cannot run seed by seed; use mvsim hunt --strategy dfs/);
  });
});

describe("mvsim hunt", () => {
  it("finds a switch by seed and prints the property, seed, counts and replay line", async () => {
    const { huntCommand } = await import("../../src/cli/commands/hunt.js");
    const r = await call(huntCommand, ["--bug", "ww-check-toctou", "--scenario", toctou, "--seeds", "60"]);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toMatch(/^found ww-check-toctou: write-conflict \/ \S+ \(the promise ww-check-toctou breaks\)$/m);
    expect(r.out).toMatch(/seed \d+ after \d+ seeds and \d+ steps in all/);
    expect(r.out).toMatch(/reproduce: mvsim replay \S+ --seed \d+/);
    expect(r.out).toMatch(/shrink: mvsim shrink \S+ --seed \d+/);
  });

  it("with dfs, walks one workload's schedules and writes the failing one for replay --schedule", async () => {
    const { huntCommand } = await import("../../src/cli/commands/hunt.js");
    const out = join(mkdtempSync(join(tmpdir(), "mvsim-hunt-")), "dfs.json");
    const r = await call(huntCommand, ["--bug", "writer-lock-dead-owner", "--strategy", "dfs", "--seeds", "5", "--out", out]);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toMatch(/^found writer-lock-dead-owner: liveness \//m);
    expect(r.out).toMatch(/at dfs run \d+, over 1 workload/);
    const again = await call(replayCommand, ["--schedule", out]);
    expect(again.code, again.out).toBe(1);
    expect(again.out).toMatch(/liveness \/ stuck-op/);
  });

  it("refuses an unknown switch with exit 2", async () => {
    const { huntCommand } = await import("../../src/cli/commands/hunt.js");
    const bad = await call(huntCommand, ["--bug", "nope"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown switch "nope"/);
  });
});
