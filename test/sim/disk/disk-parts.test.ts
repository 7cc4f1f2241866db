import { describe, expect, it } from "vitest";
import { DirectoryJournal, dirOf } from "../../../src/sim/disk/directory-journal.js";
import { resolveDiskOptions, DEFAULT_DISK_OPTIONS } from "../../../src/sim/disk/disk-options.js";
import { FileBytes } from "../../../src/sim/disk/file-bytes.js";

describe("disk options", () => {
  it("fills defaults and rejects bad fields with the field named", () => {
    expect(resolveDiskOptions({})).toEqual(DEFAULT_DISK_OPTIONS);
    expect(() => resolveDiskOptions({ tornWriteProbability: 2 })).toThrow(/tornWriteProbability: expected a probability/);
    expect(() => resolveDiskOptions({ fsyncLatencyUs: -1 })).toThrow(/fsyncLatencyUs/);
    expect(() => resolveDiskOptions({ corruptSectors: [{ path: "a", sector: -1 }] })).toThrow(/corruptSectors\[0\]/);
    expect(() => resolveDiskOptions({ tornWriteProb: 1 } as never)).toThrow(/unknown field "tornWriteProb"/);
  });
});

describe("file bytes", () => {
  it("grows by appends and keeps every byte", () => {
    const f = new FileBytes();
    for (let i = 0; i < 10_000; i++) f.writeAt(f.length, Uint8Array.of(i & 0xff));
    expect(f.length).toBe(10_000);
    expect(f.view().every((b, i) => b === (i & 0xff))).toBe(true);
    expect(f.clone().view()).toEqual(f.view());
  });
});

describe("directory journal", () => {
  it("names a path's directory", () => {
    expect([dirOf("a/b/c"), dirOf("c"), dirOf("/c")]).toEqual(["a/b", "", ""]);
  });

  it("syncs only ops on the directory and the earlier ops they depend on", () => {
    const j = new DirectoryJournal<string>();
    j.create("a/1", "F1");
    j.create("b/2", "F2");
    j.create("a/3", "F3");
    j.rename("a/3", "c/3");
    expect(j.syncDir("c")).toBe(2);
    expect(j.pendingOps().map((o) => o.changes[0]!.path)).toEqual(["a/1", "b/2"]);
    expect(j.durableEntries()).toEqual([["c/3", "F3"]]);
    j.recover(1);
    expect(j.liveEntries()).toEqual([["a/1", "F1"], ["c/3", "F3"]]);
  });
});
