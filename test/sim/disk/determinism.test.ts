import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DiskError } from "../../../src/engine/ports.js";
import { STRICT_DISK, type DiskOptions } from "../../../src/sim/disk/disk-options.js";
import { makeDisk, pattern } from "./disk-fixture.js";

type Op =
  | { kind: "write"; path: string; offset: number; len: number }
  | { kind: "append"; path: string; len: number }
  | { kind: "fsync"; path: string }
  | { kind: "fsyncDir"; dir: string }
  | { kind: "rename"; from: string; to: string }
  | { kind: "unlink"; path: string }
  | { kind: "read"; path: string; offset: number; len: number }
  | { kind: "powerLoss" };

const path = fc.constantFrom("a/1", "a/2", "b/1", "top");
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("write" as const), path, offset: fc.nat(1500), len: fc.nat(1200) }),
  fc.record({ kind: fc.constant("append" as const), path, len: fc.nat(1200) }),
  fc.record({ kind: fc.constant("fsync" as const), path }),
  fc.record({ kind: fc.constant("fsyncDir" as const), dir: fc.constantFrom("a", "b", "") }),
  fc.record({ kind: fc.constant("rename" as const), from: path, to: path }),
  fc.record({ kind: fc.constant("unlink" as const), path }),
  fc.record({ kind: fc.constant("read" as const), path, offset: fc.nat(1500), len: fc.nat(1200) }),
  fc.constant({ kind: "powerLoss" as const }),
);

/** Runs `ops` on a fresh disk; returns everything observable, as plain data. */
function runOps(ops: readonly Op[], seed: bigint, options: Partial<DiskOptions>) {
  const { disk, files, run } = makeDisk(options, seed);
  const observed: unknown[] = [];
  ops.forEach((o, i) => {
    try {
      switch (o.kind) {
        case "write": return run(files.write(o.path, o.offset, pattern(o.len, i)));
        case "append": return observed.push(run(files.append(o.path, pattern(o.len, i))));
        case "fsync": return run(files.fsync(o.path));
        case "fsyncDir": return run(files.fsyncDir(o.dir));
        case "rename": return run(files.rename(o.from, o.to));
        case "unlink": return run(files.unlink(o.path));
        case "read": return observed.push([...run(files.read(o.path, o.offset, o.len))]);
        case "powerLoss": return disk.powerLoss();
      }
    } catch (e) {
      if (!(e instanceof DiskError)) throw e;
      observed.push(e.message);
    }
  });
  disk.powerLoss();
  return { observed, snapshot: disk.snapshot(), counters: disk.counters() };
}

const NOISY: Partial<DiskOptions> = {
  tornWriteProbability: 0.5,
  writeEioProbabilityPerOp: 0.05,
  fsyncEioProbabilityPerOp: 0.05,
  corruptSectorProbabilityPerRead: 0.1,
  capacityBytes: 6000,
};

describe("disk determinism", () => {
  it("same seed and same ops give the same reads, errors, counters and snapshot after power loss", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (ops, seed) => {
        expect(runOps(ops, seed, NOISY)).toEqual(runOps(ops, seed, NOISY));
      }),
      { numRuns: 150, seed: 42 },
    );
  });

  it("the seed matters: a fixed op sequence gives different outcomes over seeds", () => {
    const ops: Op[] = [
      { kind: "write", path: "a/1", offset: 0, len: 10 },
      { kind: "fsyncDir", dir: "a" },
      ...Array.from({ length: 6 }, (): Op => ({ kind: "append", path: "a/1", len: 700 })),
    ];
    const sizes = new Set<number>();
    for (let seed = 0n; seed < 20n; seed++) sizes.add(runOps(ops, seed, NOISY).snapshot.durable[0]?.data.length ?? -1);
    expect(sizes.size).toBeGreaterThan(2);
  });

  it("after a power loss the page cache equals the disk, and on a strict disk that is exactly the durable view before", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.bigInt({ min: 0n, max: 1000n }), (ops, seed) => {
        const { disk, files, run } = makeDisk({ ...STRICT_DISK }, seed);
        const body = ops.filter((o) => o.kind !== "powerLoss");
        for (const [i, o] of body.entries()) {
          try {
            if (o.kind === "write") run(files.write(o.path, o.offset, pattern(o.len, i)));
            else if (o.kind === "append") run(files.append(o.path, pattern(o.len, i)));
            else if (o.kind === "fsync") run(files.fsync(o.path));
            else if (o.kind === "fsyncDir") run(files.fsyncDir(o.dir));
            else if (o.kind === "rename") run(files.rename(o.from, o.to));
            else if (o.kind === "unlink") run(files.unlink(o.path));
          } catch (e) {
            if (!(e instanceof DiskError)) throw e;
          }
        }
        const durableBefore = disk.snapshot().durable;
        disk.powerLoss();
        const after = disk.snapshot();
        expect(after.volatile).toEqual(after.durable);
        expect(after.durable).toEqual(durableBefore);
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});
