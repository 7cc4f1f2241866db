import { describe, expect, it } from "vitest";
import { DiskError } from "../../../src/engine/ports.js";
import { STRICT_DISK } from "../../../src/sim/disk/disk-options.js";
import { corruptSector } from "../../../src/sim/disk/sector-corruption.js";
import { makeDisk, pattern } from "./disk-fixture.js";

function errorOf(f: () => unknown): DiskError {
  try {
    f();
  } catch (e) {
    if (e instanceof DiskError) return e;
    throw e;
  }
  throw new Error("expected a DiskError, nothing was thrown");
}

describe("disk faults", () => {
  it("an aimed EIO on write surfaces as a DiskError with code, op and path, fires once, and the write has no effect", () => {
    const { disk, files, run } = makeDisk({ ...STRICT_DISK });
    disk.injectNext({ op: "write", pathPrefix: "db/wal", code: "EIO" });
    run(files.write("db/other", 0, pattern(3)));
    const e = errorOf(() => run(files.append("db/wal-7", pattern(3))));
    expect([e.code, e.op, e.path]).toEqual(["EIO", "write", "db/wal-7"]);
    expect(files.exists("db/wal-7")).toBe(false);
    run(files.append("db/wal-7", pattern(3)));
    expect(run(files.size("db/wal-7"))).toBe(3);
    expect(disk.counters().faultsInjected.EIO).toBe(1);
  });

  it("a failed fsync drops its writes from the disk: reads still see them, a retried fsync succeeds, power loss reverts them", () => {
    const { disk, files, run } = makeDisk({ ...STRICT_DISK });
    run(files.write("w", 0, pattern(8, 1)));
    run(files.fsync("w"));
    run(files.fsyncDir(""));
    run(files.write("w", 0, pattern(8, 2)));
    disk.injectNext({ op: "fsync", pathPrefix: "w", code: "EIO" });
    expect(errorOf(() => run(files.fsync("w"))).code).toBe("EIO");
    expect(run(files.read("w", 0, 8))).toEqual(pattern(8, 2));
    run(files.fsync("w"));
    disk.powerLoss();
    expect(run(files.read("w", 0, 8))).toEqual(pattern(8, 1));
    expect(disk.counters().writesLostToFsyncError).toBe(1);
  });

  it("EIO per op comes from the seeded probability, on writes and fsyncs", () => {
    const { disk, files, run } = makeDisk({ writeEioProbabilityPerOp: 0.3, fsyncEioProbabilityPerOp: 0.3 }, 7n);
    const codes: string[] = [];
    for (let i = 0; i < 200; i++) {
      try {
        run(files.append("w", pattern(4)));
        run(files.fsync("w"));
      } catch (e) {
        if (!(e instanceof DiskError)) throw e;
        codes.push(`${e.code}:${e.op}`);
      }
    }
    expect(new Set(codes)).toEqual(new Set(["EIO:write", "EIO:fsync"]));
    expect(disk.counters().faultsInjected.EIO).toBe(codes.length);
  });

  it("fails with ENOSPC when a write would grow past capacityBytes; overwrites and freed space still work", () => {
    const { disk, files, run } = makeDisk({ capacityBytes: 100 });
    run(files.write("a", 0, pattern(60)));
    run(files.write("b", 0, pattern(40)));
    const e = errorOf(() => run(files.append("b", pattern(1))));
    expect([e.code, e.op]).toEqual(["ENOSPC", "write"]);
    run(files.write("a", 10, pattern(50)));
    run(files.unlink("a"));
    run(files.append("b", pattern(60)));
    expect(run(files.size("b"))).toBe(100);
    expect(disk.counters().faultsInjected.ENOSPC).toBe(1);
  });

  it("ENOENT for reads, sizes, fsyncs, renames and unlinks of a missing file", () => {
    const { files, run } = makeDisk();
    for (const op of [
      () => run(files.read("nope", 0, 1)),
      () => run(files.size("nope")),
      () => run(files.fsync("nope")),
      () => run(files.rename("nope", "x")),
      () => run(files.unlink("nope")),
    ]) {
      expect(errorOf(op).code).toBe("ENOENT");
    }
  });

  it("an aimed corrupted sector reads back wrong, the same wrong bytes every time, and only in that sector", () => {
    const { disk, files, run } = makeDisk({ corruptSectors: [{ path: "sst", sector: 1 }] });
    const data = pattern(2048, 3);
    run(files.write("sst", 0, data));
    const first = run(files.read("sst", 0, 2048));
    const again = run(files.read("sst", 0, 2048));
    expect(first).toEqual(again);
    expect(first.subarray(512, 1024)).not.toEqual(data.subarray(512, 1024));
    expect(first.subarray(0, 512)).toEqual(data.subarray(0, 512));
    expect(first.subarray(1024)).toEqual(data.subarray(1024));
    // A read of part of the sector sees the same corruption at the same offsets.
    expect(run(files.read("sst", 600, 100))).toEqual(first.subarray(600, 700));
    expect(disk.counters().corruptedReads).toBe(3);
  });

  it("read corruption by probability is latent: it stays until the sector is rewritten", () => {
    const data = pattern(512, 8);
    let healedByRewrite = 0;
    for (let seed = 1n; seed <= 20n; seed++) {
      const { files, run } = makeDisk({ corruptSectorProbabilityPerRead: 0.3 }, seed);
      run(files.write("f", 0, data));
      let bad = run(files.read("f", 0, 512));
      for (let i = 0; i < 30 && bad.every((b, j) => b === data[j]); i++) bad = run(files.read("f", 0, 512));
      expect(bad).not.toEqual(data);
      for (let i = 0; i < 5; i++) expect(run(files.read("f", 0, 512))).toEqual(bad);
      run(files.write("f", 0, data));
      const after = run(files.read("f", 0, 512));
      if (after.every((b, j) => b === data[j])) healedByRewrite++;
      else expect(after).toEqual(bad);
    }
    expect(healedByRewrite).toBeGreaterThan(0);
    const clean = makeDisk({}, 3n);
    clean.run(clean.files.write("f", 0, data));
    expect(clean.run(clean.files.read("f", 0, 512))).toEqual(data);
  });

  it("corruption is a function of the sector's bytes and always changes them", () => {
    for (let seed = 0; seed < 200; seed++) {
      const sector = pattern(1 + (seed % 512), seed);
      const c = corruptSector(sector);
      expect(c).not.toEqual(sector);
      expect(corruptSector(sector.slice())).toEqual(c);
    }
  });
});
