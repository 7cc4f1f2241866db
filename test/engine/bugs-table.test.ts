import { describe, expect, it } from "vitest";
import { BUG_NAMES, BUG_TABLE, isBugName } from "../../src/engine/bugs.js";
import { bugsCommand } from "../../src/cli/commands/bugs.js";

describe("bug switches table and `mvsim bugs`", () => {
  it("names exactly the switches of ENGINE.md", () => {
    // The table "Known bugs, as switches" of ../shared/ENGINE.md.
    const documented = [
      "ww-check-toctou",
      "fractured-commit",
      "hp-protect-after-load",
      "reader-slot-publish-race",
      "gc-drops-visible-version",
      "hlc-logical-saturation",
      "writer-lock-reentrant-pid",
      "writer-lock-dead-owner",
      "wal-apply-error-swallowed",
      "commit-ack-before-fsync",
      "torn-wal-tail-accepted",
      "dirty-try-send-drop",
    ].sort();
    expect([...BUG_NAMES]).toEqual(documented);
    expect(isBugName("fractured-commit")).toBe(true);
    expect(isBugName("no-such-bug")).toBe(false);
    expect(BUG_NAMES.filter((n) => BUG_TABLE[n].area === "core").length).toBe(8);
  });

  it("prints one line per switch with its property, and rejects arguments", async () => {
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: () => {}, tty: false };
    expect(await bugsCommand.run([], io)).toBe(0);
    expect(out.length).toBe(12);
    expect(out.find((l) => l.startsWith("hp-protect-after-load"))).toMatch(/breaks reclamation\s+\[core\]/);
    await expect(bugsCommand.run(["extra"], io)).rejects.toThrow(/unexpected argument/);
  });
});
