// `mvsim check` flags of the dependency-graph checker: the strong (session)
// models, --process-order for any model and --initial-state for registers.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkCommand } from "../../src/cli/commands/check.js";
import { UsageError } from "../../src/cli/args.js";
import { toJsonlHistory } from "../../src/history/jsonl.js";
import { h } from "./graph/history-builder.js";

const dir = mkdtempSync(join(tmpdir(), "mvsim-check-flags-"));
let n = 0;
function file(events: Parameters<typeof toJsonlHistory>[0]): string {
  const p = join(dir, `h${n++}.jsonl`);
  writeFileSync(p, toJsonlHistory(events));
  return p;
}

async function run(...argv: string[]) {
  const out: string[] = [];
  const code = await checkCommand.run(argv, { out: (l) => out.push(l), err: (l) => out.push(l), tty: false });
  return { code, out: out.join("\n") };
}

// Process 0 writes x=1, then does not see it: a stale read within one session.
const stale = () => file(h().txn(0, [["w", "x", 1]]).txn(0, [["r", "x", null]]).events);

describe("mvsim check: session models and graph flags", () => {
  it("strong-session-serializable adds process edges and names the cycle -process", async () => {
    const r = await run(stale(), "--model", "strong-session-serializable");
    expect(r.code).toBe(1);
    expect(r.out).toContain("G-single-process");
    expect((await run(stale(), "--model", "serializable")).code).toBe(0);
  });
  it("--process-order adds the same edges under any model, which they then do not break", async () => {
    const r = await run(stale(), "--model", "serializable", "--process-order", "--json");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { results: { anomalies?: string[]; models?: Record<string, string> }[] };
    expect(doc.results[0]!.anomalies).toEqual(["G-single-process"]);
    expect(doc.results[0]!.models!["strong-session-snapshot-isolation"]).toBe("violation");
  });
  it("--initial-state initial reads a never-written register value as the initial state", async () => {
    const p = file(h().txn(0, [["r", "x", 5]]).txn(1, [["w", "x", 6]]).events);
    expect((await run(p, "--model", "serializable")).out).toContain("garbage-read");
    expect((await run(p, "--model", "serializable", "--initial-state", "initial")).code).toBe(0);
    await expect(run(p, "--initial-state", "zero")).rejects.toThrow(UsageError);
  });
});
