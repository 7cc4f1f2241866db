// `mvsim check`'s linearizability flags (--max-memory, --all-keys, --minimize)
// through the command's run() with a fake Io and temp files.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkCommand } from "../../src/cli/commands/check.js";
import { UsageError } from "../../src/cli/args.js";
import { toJsonlHistory } from "../../src/history/jsonl.js";
import { H } from "./history-builder.js";

const dir = mkdtempSync(join(tmpdir(), "mvsim-lin-cli-"));
let n = 0;
function file(h: H): string {
  const p = join(dir, `h${n++}.jsonl`);
  writeFileSync(p, toJsonlHistory(h.events));
  return p;
}

async function run(...argv: string[]) {
  const out: string[] = [];
  const code = await checkCommand.run(argv, { out: (l) => out.push(l), err: () => undefined, tty: false });
  return { code, out: out.join("\n") };
}

/** Two keys with a stale read each ("a" smaller than "b"), values repeating so the search decides. */
function twoBadKeys(): H {
  const h = new H().op(1, "write", ["a", 0]).op(1, "write", ["a", 1]).op(2, "read", ["a", 0], ["a", null]);
  for (let i = 0; i < 6; i++) h.op(1, "write", ["b", i % 2]);
  return h.op(2, "read", ["b", 0], ["b", null]);
}

describe("mvsim check linearizability flags", () => {
  it("stops at the first illegal key unless --all-keys", async () => {
    const p = file(twoBadKeys());
    const first = await run(p, "--json");
    expect(first.code).toBe(1);
    expect(JSON.parse(first.out).results[0].violations).toHaveLength(1);
    const all = await run(p, "--json", "--all-keys", "--minimize");
    expect(all.code).toBe(1);
    expect(JSON.parse(all.out).results[0].violations).toHaveLength(2);
  });

  it("--max-memory: unknown (exit 3) naming the budget when spent; a bad size is a usage error", async () => {
    const h = new H();
    for (let p = 0; p < 12; p++) h.invoke(p, "write", ["x", p % 3]);
    h.op(30, "read", ["x", 7], ["x", null]);
    for (let p = 0; p < 12; p++) h.ok(p, "write", ["x", p % 3]);
    const r = await run(file(h), "--max-memory", "40KB");
    expect(r.code).toBe(3);
    expect(r.out).toContain("memory budget of 40960 bytes (--max-memory) spent");
    expect((await run(file(h))).code).toBe(1);
    await expect(run(file(h), "--max-memory", "12XB")).rejects.toThrow(UsageError);
  });
});
