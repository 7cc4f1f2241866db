// `--shard auto`: the shard from CI variables (GitHub Actions matrix values
// passed as MVSIM_SHARD_*, GitLab parallel, Kubernetes Indexed Jobs), and the
// merge of shards run that way equals the unsharded run, seed for seed.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/args.js";
import type { Command, Io } from "../../src/cli/command.js";
import { mergeCommand } from "../../src/cli/commands/merge.js";
import { runCmd } from "../../src/cli/commands/run.js";
import { readShard } from "../../src/cli/run-command.js";
import { shardFromEnv } from "../../src/harness/shard-env.js";

describe("shardFromEnv", () => {
  it("reads the documented pair set from a GitHub Actions matrix (1-based)", () => {
    expect(shardFromEnv("auto", { MVSIM_SHARD_INDEX: "2", MVSIM_SHARD_TOTAL: "4" })).toEqual({ index: 2, count: 4 });
  });
  it("reads GitLab's CI_NODE_INDEX / CI_NODE_TOTAL (1-based)", () => {
    expect(shardFromEnv("auto", { CI_NODE_INDEX: "3", CI_NODE_TOTAL: "3" })).toEqual({ index: 3, count: 3 });
  });
  it("reads Kubernetes' 0-based JOB_COMPLETION_INDEX with the count from auto/N or MVSIM_SHARD_TOTAL", () => {
    expect(shardFromEnv("auto/4", { JOB_COMPLETION_INDEX: "0" })).toEqual({ index: 1, count: 4 });
    expect(shardFromEnv("auto", { JOB_COMPLETION_INDEX: "3", MVSIM_SHARD_TOTAL: "4" })).toEqual({ index: 4, count: 4 });
    expect(shardFromEnv("auto", { JOB_COMPLETION_INDEX: "3" })).toMatch(/not the count: use --shard auto\/N/);
    expect(shardFromEnv("auto/4", { JOB_COMPLETION_INDEX: "4" })).toMatch(/expected 1 <= index <= count, got index 5 of 4/);
  });
  it("refuses a missing or malformed environment with one line", () => {
    expect(shardFromEnv("auto", {})).toMatch(/no shard in the environment/);
    expect(shardFromEnv("auto", { CI_NODE_INDEX: "x", CI_NODE_TOTAL: "2" })).toMatch(/CI_NODE_INDEX\/CI_NODE_TOTAL \(GitLab\): expected integers/);
    expect(shardFromEnv("automatic", {})).toMatch(/expected "auto" or "auto\/N"/);
  });
  it("--shard i/n still means i/n; a bad auto is a usage error", () => {
    expect(readShard("2/4", {})).toEqual({ index: 2, count: 4 });
    expect(() => readShard("auto", {})).toThrow(UsageError);
  });
});

async function call(cmd: Command, argv: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => out.push(l), tty: false };
  return { code: await cmd.run(argv, io), out: out.join("\n") };
}

describe("shards run with --shard auto, then merged (docs/ci.md)", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of ["JOB_COMPLETION_INDEX", "MVSIM_SHARD_TOTAL", "MVSIM_SHARD_INDEX"]) delete process.env[k];
    Object.assign(process.env, saved);
  });

  it("the merged report holds every seed of the unsharded run with the same trace hashes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mvsim-ci-"));
    const file = join(dir, "ci.json");
    writeFileSync(file, JSON.stringify({ name: "ci", description: "shards", workload: { opsPerThread: 3, keys: { count: 3 } }, gate: { seeds: 6 } }));
    const whole = await call(runCmd, [file, "--workers", "1", "--out", join(dir, "whole")]);
    expect(whole.code, whole.out).toBe(0);
    for (const index of ["0", "1", "2"]) {
      process.env.JOB_COMPLETION_INDEX = index; // as a Kubernetes Indexed Job sets it
      const r = await call(runCmd, [file, "--workers", "1", "--shard", "auto/3", "--out", join(dir, `shard-${index}`)]);
      expect(r.code, r.out).toBe(0);
    }
    const merged = await call(mergeCommand, [0, 1, 2].map((i) => join(dir, `shard-${i}`, "report.json")).concat(["--out", join(dir, "merged")]));
    expect(merged.code, merged.out).toBe(0);
    const hashes = (f: string) =>
      JSON.parse(readFileSync(f, "utf8"))
        .scenarios[0].seeds.map((s: { seed: string; traceHash: string }) => `${s.seed}:${s.traceHash}`)
        .sort();
    expect(hashes(join(dir, "merged/report.json"))).toEqual(hashes(join(dir, "whole/report.json")));
    expect(hashes(join(dir, "merged/report.json"))).toHaveLength(6);
  });
});
