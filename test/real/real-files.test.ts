// RealFiles in a temp dir: the port's operations round-trip through node:fs,
// directories are implicit, and failures come back as DiskError codes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DiskError } from "../../src/engine/ports.js";
import { RealFiles } from "../../src/real/real-files.js";
import { drive } from "../../src/real/worker-context.js";

const dirs: string[] = [];
function files(): RealFiles {
  const d = mkdtempSync(join(tmpdir(), "mvsim-real-files-"));
  dirs.push(d);
  return new RealFiles(d);
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

describe("RealFiles", () => {
  it("writes, appends, reads, sizes, renames, lists and unlinks", () => {
    const f = files();
    drive(f.write("wal/a", 0, bytes("hello")));
    expect(drive(f.append("wal/a", bytes(" world")))).toBe(5);
    drive(f.write("wal/a", 0, bytes("J")));
    expect(text(drive(f.read("wal/a", 0, 100)))).toBe("Jello world");
    expect(text(drive(f.read("wal/a", 6, 3)))).toBe("wor");
    expect(drive(f.size("wal/a"))).toBe(11);
    drive(f.fsync("wal/a"));
    drive(f.append("wal/b", bytes("x")));
    drive(f.rename("wal/b", "wal/c"));
    drive(f.fsyncDir("wal"));
    expect(drive(f.list("wal"))).toEqual(["a", "c"]);
    expect(drive(f.list(""))).toEqual([]);
    expect(drive(f.list("nowhere"))).toEqual([]);
    expect(f.exists("wal/c")).toBe(true);
    drive(f.unlink("wal/c"));
    expect(f.exists("wal/c")).toBe(false);
  });

  it("writing past the end leaves zeroes in the gap", () => {
    const f = files();
    drive(f.write("x", 3, bytes("ab")));
    expect(Array.from(drive(f.read("x", 0, 5)))).toEqual([0, 0, 0, 97, 98]);
  });

  it("missing files are DiskError ENOENT naming the op and path", () => {
    const f = files();
    for (const [op, run] of [
      ["read", () => drive(f.read("gone", 0, 1))],
      ["size", () => drive(f.size("gone"))],
      ["rename", () => drive(f.rename("gone", "x"))],
      ["unlink", () => drive(f.unlink("gone"))],
      ["fsync", () => drive(f.fsync("gone"))],
    ] as const) {
      try {
        run();
        expect.unreachable(`${op} of a missing file succeeded`);
      } catch (e) {
        expect(e).toBeInstanceOf(DiskError);
        expect(e).toMatchObject({ code: "ENOENT", op, path: "gone" });
      }
    }
  });

  it("other failures are EIO (reading a directory)", () => {
    const f = files();
    drive(f.write("d/x", 0, bytes("1")));
    expect(() => drive(f.read("d", 0, 1))).toThrow(expect.objectContaining({ code: "EIO", op: "read", path: "d" }));
  });
});
