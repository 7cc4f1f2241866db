import { describe, expect, it } from "vitest";
import { STRICT_DISK } from "../../../src/sim/disk/disk-options.js";
import { sectorCutsInside } from "../../../src/sim/disk/power-loss.js";
import { makeDisk, pattern } from "./disk-fixture.js";

describe("power loss", () => {
  it("keeps fsynced data and a dir-synced creation", () => {
    const { disk, files, run } = makeDisk({ ...STRICT_DISK });
    run(files.write("db/wal", 0, pattern(1000)));
    run(files.fsync("db/wal"));
    run(files.fsyncDir("db"));
    disk.powerLoss();
    expect(run(files.read("db/wal", 0, 5000))).toEqual(pattern(1000));
  });

  it("drops unsynced writes on a strict disk but keeps the synced prefix", () => {
    const { disk, files, run } = makeDisk({ ...STRICT_DISK });
    run(files.append("db/wal", pattern(100, 1)));
    run(files.fsync("db/wal"));
    run(files.fsyncDir("db"));
    run(files.append("db/wal", pattern(100, 2)));
    run(files.write("db/wal", 0, pattern(10, 3)));
    expect(run(files.size("db/wal"))).toBe(200);
    disk.powerLoss();
    expect(run(files.read("db/wal", 0, 1000))).toEqual(pattern(100, 1));
    expect(disk.counters().unsyncedWritesLost).toBe(2);
  });

  it("loses a file whose creation was never dir-synced, even if its data was fsynced", () => {
    const { disk, files, run } = makeDisk({ ...STRICT_DISK });
    run(files.write("db/new", 0, pattern(10)));
    run(files.fsync("db/new"));
    disk.powerLoss();
    expect(files.exists("db/new")).toBe(false);
  });

  it("brings back an unlinked file whose unlink was not dir-synced, with its durable content", () => {
    const { disk, files, run } = makeDisk({ ...STRICT_DISK });
    run(files.write("db/old", 0, pattern(10)));
    run(files.fsync("db/old"));
    run(files.fsyncDir("db"));
    run(files.unlink("db/old"));
    expect(files.exists("db/old")).toBe(false);
    disk.powerLoss();
    expect(run(files.read("db/old", 0, 10))).toEqual(pattern(10));
  });

  it("reverts an un-dir-synced rename on a strict disk, and keeps a dir-synced one", () => {
    const setup = () => {
      const f = makeDisk({ ...STRICT_DISK });
      f.run(f.files.write("db/tmp", 0, pattern(10, 5)));
      f.run(f.files.fsync("db/tmp"));
      f.run(f.files.fsyncDir("db"));
      f.run(f.files.rename("db/tmp", "db/CURRENT"));
      return f;
    };
    const reverted = setup();
    reverted.disk.powerLoss();
    expect(reverted.run(reverted.files.list("db"))).toEqual(["tmp"]);

    const kept = setup();
    kept.run(kept.files.fsyncDir("db"));
    kept.disk.powerLoss();
    expect(kept.run(kept.files.list("db"))).toEqual(["CURRENT"]);
    expect(kept.run(kept.files.read("db/CURRENT", 0, 10))).toEqual(pattern(10, 5));
  });

  it("with a lenient disk, some seed keeps an un-dir-synced rename and some seed reverts it", () => {
    const outcomes = new Set<string>();
    for (let seed = 1n; seed <= 40n; seed++) {
      const { disk, files, run } = makeDisk({ ...STRICT_DISK, unsyncedEntryOpSurvivalProbability: 0.5 }, seed);
      run(files.write("a/x", 0, pattern(4)));
      run(files.fsync("a/x"));
      run(files.fsyncDir("a"));
      run(files.rename("a/x", "a/y"));
      disk.powerLoss();
      outcomes.add(run(files.list("a")).join(","));
    }
    expect([...outcomes].sort()).toEqual(["x", "y"]);
  });

  it("dir-syncing one directory makes a cross-directory rename durable together with the creation before it", () => {
    const { disk, files, run } = makeDisk({ ...STRICT_DISK });
    run(files.write("a/x", 0, pattern(4)));
    run(files.fsync("a/x"));
    run(files.write("a/other", 0, pattern(4)));
    run(files.rename("a/x", "b/y"));
    run(files.fsyncDir("b"));
    disk.powerLoss();
    // The rename reached the disk, and so did the creation of a/x it depends on;
    // a/other's creation is unrelated and was not synced.
    expect(disk.snapshot().durable.map((f) => f.path)).toEqual(["b/y"]);
    expect(run(files.read("b/y", 0, 4))).toEqual(pattern(4));
  });

  it("never replays a name's older entry op after a newer one that was dir-synced", () => {
    const { disk, files, run } = makeDisk({ ...STRICT_DISK, unsyncedEntryOpSurvivalProbability: 1 });
    run(files.write("a/x", 0, pattern(4)));
    run(files.write("a/other", 0, pattern(4)));
    run(files.rename("a/x", "b/y"));
    run(files.fsyncDir("b"));
    disk.powerLoss();
    // Every pending op survives here; a/x must not come back as a second name for b/y's file.
    expect(disk.snapshot().durable.map((f) => f.path)).toEqual(["a/other", "b/y"]);
  });

  it("can tear the last surviving write at a sector boundary (some seed does)", () => {
    const synced = pattern(512, 9);
    const tail = pattern(2048, 4);
    let tornSeen = 0;
    for (let seed = 1n; seed <= 60n; seed++) {
      const { disk, files, run } = makeDisk(
        { unsyncedWriteSurvivalProbability: 1, tornWriteProbability: 0.5, unsyncedEntryOpSurvivalProbability: 0 },
        seed,
      );
      run(files.write("w", 0, synced));
      run(files.fsync("w"));
      run(files.fsyncDir(""));
      run(files.append("w", tail));
      disk.powerLoss();
      const after = run(files.read("w", 0, 10_000));
      expect(after.subarray(0, 512)).toEqual(synced);
      if (after.length < 512 + 2048) {
        tornSeen++;
        expect(after.length % 512).toBe(0);
        expect(after.length).toBeGreaterThan(512);
        expect(after.subarray(512)).toEqual(tail.subarray(0, after.length - 512));
        expect(disk.counters().tornWrites).toBe(1);
      }
    }
    expect(tornSeen).toBeGreaterThan(0);
  });

  it("cuts a torn write only at sector boundaries of the file offset, strictly inside the write", () => {
    expect(sectorCutsInside(100, 1000, 512)).toEqual([512, 1024]);
    expect(sectorCutsInside(512, 512, 512)).toEqual([]);
    expect(sectorCutsInside(0, 513, 512)).toEqual([512]);
  });

  it("survives a prefix of the unsynced writes, in order", () => {
    for (let seed = 1n; seed <= 30n; seed++) {
      const { disk, files, run } = makeDisk(
        { unsyncedWriteSurvivalProbability: 0.6, tornWriteProbability: 0, unsyncedEntryOpSurvivalProbability: 0 },
        seed,
      );
      run(files.write("w", 0, new Uint8Array(0)));
      run(files.fsyncDir(""));
      for (let i = 1; i <= 8; i++) run(files.append("w", Uint8Array.of(i)));
      disk.powerLoss();
      const after = run(files.read("w", 0, 100));
      expect([...after]).toEqual([1, 2, 3, 4, 5, 6, 7, 8].slice(0, after.length));
    }
  });

  it("an fsync interrupted by power loss during its latency does not make data durable", () => {
    const { disk, files, clock } = makeDisk({ ...STRICT_DISK, fsyncLatencyUs: 1000 });
    const create = files.write("w", 0, pattern(10));
    while (!create.next().done);
    const sync = files.fsyncDir("");
    while (!sync.next().done);
    const gen = files.fsync("w");
    expect(gen.next().value).toMatchObject({ kind: "disk", op: "fsync" });
    expect(gen.next().value).toMatchObject({ kind: "block", on: { deadlineUs: clock.nowUs + 1000 } });
    disk.powerLoss();
    expect(() => gen.next()).not.toThrow();
    expect(disk.snapshot().durable).toEqual([{ path: "w", data: new Uint8Array(0) }]);
  });
});
