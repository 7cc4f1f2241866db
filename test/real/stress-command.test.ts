// `mvsim stress` on the engine, in-process, its workers on the TS sources:
// the correct engine exits 0 with every thread busy in the last quarter, and
// the history it writes passes `mvsim check`; with a bug switch real threads
// expose (fractured-commit: readers see half a commit) it exits 1. Two seconds of run each.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Io } from "../../src/cli/command.js";
import { stressCommand, stressCommandFor } from "../../src/cli/commands/stress.js";
import { runCheck } from "../check/check-cli.js";
import { testCoordinator } from "./worker-setup.js";

const stress = stressCommandFor({ execArgv: testCoordinator().execArgv });
const dir = mkdtempSync(join(tmpdir(), "mvsim-stress-"));

async function run(...argv: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => out.push(l), tty: false };
  return { code: await stress.run(argv, io), out: out.join("\n") };
}

describe("mvsim stress (engine)", () => {
  it("the correct engine: exit 0, every thread busy to the end, kills restarted; mvsim check accepts its history", async () => {
    const file = join(dir, "engine.jsonl");
    const r = await run("--threads", "2", "--seconds", "2", "--kill-every-ms", "500", "--seed", "3", "--history", file);
    expect(r.out).toMatch(/verdict: ok/);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ran 2\.\d\d s \(asked 2 s\)/m);
    const threads = [...r.out.matchAll(/^thread (\d+): (\d+) ops, (\d+) in the last quarter/gm)];
    expect(threads.map((m) => m[1])).toEqual(["0", "1"]);
    for (const m of threads) expect(Number(m[3]), m[0]).toBeGreaterThan(0);
    const kills = /^kills: (\d+) of \d+ planned \((\d+) inside a commit\), restarts: (\d+)/m.exec(r.out);
    expect(Number(kills?.[1])).toBeGreaterThanOrEqual(1);
    expect(kills?.[3]).toBe(kills?.[1]);
    const checked = await runCheck(file);
    expect(checked.out).toMatch(/verdict: ok/);
    expect(checked.code).toBe(0);
  });

  it("--bug fractured-commit: exit 1, a snapshot-isolation violation", async () => {
    const r = await run("--threads", "2", "--seconds", "2", "--seed", "1", "--bug", "fractured-commit");
    expect(r.out).toMatch(/snapshot-isolation.*: violation/);
    expect(r.out).toMatch(/verdict: violation/);
    expect(r.code).toBe(1);
  });

  it("--help says what a run does and prints", () => {
    for (const s of ["--kill-every-ms", "restarted as a new process", "drained", "last quarter", "Exit 0 ok, 1 violation"]) {
      expect(stressCommand.help.replace(/\s+/g, " ")).toContain(s);
    }
  });
});
