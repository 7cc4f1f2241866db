// The two example targets in examples/, written against the public API only,
// run through `mvsim gate` as a user would: the correct copy-on-write store
// passes its seeds (crashes and power losses included), the defective one
// (commit acknowledged before fsync) is caught.
import { describe, expect, it } from "vitest";
import { callCommand } from "./cli/call-command.js";
import { gateCommand } from "../src/cli/commands/gate.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

async function gate(argv: string[]): Promise<{ code: number; out: string }> {
  const r = await callCommand(gateCommand, argv);
  return { code: r.code, out: [r.out, r.err].filter((t) => t !== "").join("\n") };
}

describe("examples/", () => {
  const dir = mkdtempSync(join(tmpdir(), "mvsim-examples-"));

  it("the correct copy-on-write WAL store passes the gate", async () => {
    const r = await gate(["examples/cow-wal-store.json", "--workers", "1", "--out", join(dir, "ok")]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/passed\s+cow-wal-store /);
  });

  it("the store that acknowledges before fsync is caught", async () => {
    const r = await gate(["examples/cow-wal-store-no-fsync.json", "--workers", "1", "--out", join(dir, "bug")]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/passed\s+cow-wal-store-no-fsync/);
    expect(r.out).toMatch(/reproduce: mvsim replay \S*cow-wal-store-no-fsync\.json --seed \d+/);
  });
});
