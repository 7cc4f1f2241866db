import { describe, expect, it } from "vitest";
import type { Gen, Step } from "../../../src/engine/ports.js";
import { STRICT_DISK } from "../../../src/sim/disk/disk-options.js";
import { bytes, contentOf, drive, makeDisk, pattern } from "./disk-fixture.js";

describe("Files port protocol", () => {
  it("every operation yields exactly one disk step, before acting, then a latency block if it has one", () => {
    const { files, clock } = makeDisk({ readLatencyUs: 3, writeLatencyUs: 5, fsyncLatencyUs: 100 });
    const cases: [Gen<unknown>, string, string, number][] = [
      [files.write("d/a", 0, bytes(1, 2), "w"), "write", "d/a", 5],
      [files.append("d/a", bytes(3), "w"), "write", "d/a", 5],
      [files.read("d/a", 0, 2, "w"), "read", "d/a", 3],
      [files.size("d/a", "w"), "size", "d/a", 0],
      [files.fsync("d/a", "w"), "fsync", "d/a", 100],
      [files.fsyncDir("d", "w"), "fsyncDir", "d", 100],
      [files.list("d", "w"), "list", "d", 0],
      [files.rename("d/a", "d/b", "w"), "rename", "d/a", 5],
      [files.unlink("d/b", "w"), "unlink", "d/b", 5],
    ];
    for (const [gen, op, path, latencyUs] of cases) {
      const steps: Step[] = [];
      const before = clock.nowUs;
      drive(gen, clock, steps);
      expect(steps[0]).toEqual({ kind: "disk", op, path, label: "w" });
      expect(steps.length).toBe(latencyUs > 0 ? 2 : 1);
      if (latencyUs > 0) {
        expect(steps[1]).toMatchObject({ kind: "block", label: "w", on: { deadlineUs: before + latencyUs } });
        expect(clock.nowUs).toBe(before + latencyUs);
      }
    }
  });

  it("does nothing until resumed past its disk step", () => {
    const { files } = makeDisk();
    const gen = files.write("f", 0, bytes(1));
    gen.next();
    expect(files.exists("f")).toBe(false);
    gen.next();
    expect(files.exists("f")).toBe(true);
  });

  it("a thread abandoned mid-op (process crash) leaves its write in the page cache, visible but not durable", () => {
    const { disk, files, run } = makeDisk({ ...STRICT_DISK, writeLatencyUs: 10 });
    const gen = files.append("f", bytes(4, 2));
    gen.next();
    expect(gen.next().value).toMatchObject({ kind: "block" });
    // The crashed thread is never resumed; another process reads the file.
    expect([...run(files.read("f", 0, 10))]).toEqual([4, 2]);
    expect(disk.snapshot().durable).toEqual([]);
    expect(disk.counters()).toMatchObject({ writes: 1, bytesWritten: 2, reads: 1, fsyncs: 0 });
  });

  it("omits the label when none is given", () => {
    const { files } = makeDisk();
    expect(files.size("x").next().value).toEqual({ kind: "disk", op: "size", path: "x" });
  });

  it("makes an fsync durable only when it completes, after its latency", () => {
    const { disk, files, run } = makeDisk({ ...STRICT_DISK, fsyncLatencyUs: 50 });
    run(files.write("f", 0, pattern(4)));
    run(files.fsyncDir(""));
    const gen = files.fsync("f");
    gen.next();
    gen.next();
    expect(contentOf(disk.snapshot().durable, "f")).toEqual(new Uint8Array(0));
    expect(gen.next().done).toBe(true);
    expect(contentOf(disk.snapshot().durable, "f")).toEqual(pattern(4));
  });

  it("an fsync covers the writes made before it started, not one made during its wait", () => {
    const { disk, files, run } = makeDisk({ ...STRICT_DISK, fsyncLatencyUs: 50 });
    run(files.write("f", 0, bytes(1)));
    run(files.fsyncDir(""));
    const gen = files.fsync("f");
    gen.next();
    gen.next();
    run(files.append("f", bytes(2)));
    gen.next();
    expect(contentOf(disk.snapshot().durable, "f")).toEqual(bytes(1));
    expect(contentOf(disk.snapshot().volatile, "f")).toEqual(bytes(1, 2));
  });

  it("reads short at end of file, zero-fills holes, and append returns the offset", () => {
    const { files, run } = makeDisk();
    expect(run(files.append("f", bytes(1, 2)))).toBe(0);
    run(files.write("f", 4, bytes(9)));
    expect(run(files.append("f", bytes(7)))).toBe(5);
    expect([...run(files.read("f", 1, 100))]).toEqual([2, 0, 0, 9, 7]);
    expect(run(files.read("f", 50, 10)).length).toBe(0);
  });

  it("lists the sorted names directly in a directory, and renames replace", () => {
    const { files, run } = makeDisk();
    for (const p of ["d/b", "d/a", "d/sub/c", "top", "e/x"]) run(files.write(p, 0, bytes(1)));
    expect(run(files.list("d"))).toEqual(["a", "b"]);
    expect(run(files.list(""))).toEqual(["top"]);
    expect(run(files.list("d/sub"))).toEqual(["c"]);
    run(files.write("d/a", 0, bytes(5, 5)));
    run(files.rename("d/a", "d/b"));
    expect(run(files.list("d"))).toEqual(["b"]);
    expect([...run(files.read("d/b", 0, 10))]).toEqual([5, 5]);
  });

  it("keeps data separate from the caller's buffer", () => {
    const { files, run } = makeDisk();
    const buf = bytes(1, 2, 3);
    run(files.write("f", 0, buf));
    buf[0] = 99;
    const read = run(files.read("f", 0, 3));
    read[1] = 99;
    expect([...run(files.read("f", 0, 3))]).toEqual([1, 2, 3]);
  });
});
