import { describe, expect, it } from "vitest";
import { STRICT_DISK } from "../../../src/sim/disk/disk-options.js";
import type { CrashPoint } from "../../../src/sim/faults.js";
import { WriteStallError } from "../../../src/engine/durability/durability-errors.js";
import { Checkpointer } from "../../../src/engine/durability/checkpointer.js";
import { DIR, durabilityProblems, makeWorld, openIn, recoverIn, spawnWorkload } from "./world-fixture.js";

const SMALL = { epochSeqs: 6, ringEpochs: 3, channelBatches: 4, runsMax: 3 };

function listDir(sw: ReturnType<typeof makeWorld>): string[] {
  return sw.disk().list(DIR);
}

describe("checkpoints", () => {
  it("write runs, install manifests and unlink the WAL below them; recovery after power loss keeps every acknowledged commit", () => {
    const sw = makeWorld(21n, STRICT_DISK);
    const opened = openIn(sw.world, SMALL);
    const o = spawnWorkload(sw.world, opened, { threads: 4, txnsPerThread: 12, width: 2, checkpointer: true });
    expect(sw.world.run().end).toBe("done");
    expect(o.acked).toHaveLength(48);
    const names = listDir(sw);
    expect(names).toContain("MANIFEST");
    expect(names.some((n) => n.startsWith("run-"))).toBe(true);
    // 48 commits over epochs of 6: only the open segment (and maybe one closing) remain.
    expect(names.filter((n) => n.startsWith("wal-")).length).toBeLessThanOrEqual(2);
    sw.world.powerLoss();
    const r = recoverIn(sw.world);
    expect(r.manifest.checkpointSeq).toBeGreaterThanOrEqual(36);
    expect(durabilityProblems(o, r)).toEqual([]);
  });

  it("a full run ring and a slow checkpointer stall writers instead of dropping dirty batches", () => {
    const sw = makeWorld(22n, STRICT_DISK, {}, true);
    const opened = openIn(sw.world, { ...SMALL, channelBatches: 1, ringEpochs: 2 });
    const o = spawnWorkload(sw.world, opened, { threads: 6, txnsPerThread: 10, width: 1, checkpointer: true });
    sw.world.run();
    expect(o.acked).toHaveLength(60);
    // Writers did stall on the full channel while the checkpointer was busy.
    expect(sw.world.stepLines.filter((l) => l.includes("[dirty.send.stall]")).length).toBeGreaterThan(0);
    sw.world.powerLoss();
    expect(durabilityProblems(o, recoverIn(sw.world))).toEqual([]);
  });

  const labels = [
    "wal.append", "wal.fsync", "wal.roll.fsyncDir", "wal.durable", "dirty.send", "dirty.drain",
    "ckpt.run.write", "ckpt.run.fsync", "ckpt.manifest.write", "ckpt.manifest.fsync", "ckpt.manifest.rename",
    "ckpt.dir.fsync", "ckpt.wal.unlink", "ckpt.run.unlink", "ckpt.done",
  ];

  it("power loss aimed at every step label, at several arrivals, loses no acknowledged commit and splits no txn", () => {
    let hits = 0;
    for (const label of labels) {
      for (const nth of [1, 2, 4, 7]) {
        const cp: CrashPoint = { label, nth, kind: "power" };
        const sw = makeWorld(BigInt(100 + nth), {}, { crashPoints: [cp] });
        const opened = openIn(sw.world, SMALL);
        const o = spawnWorkload(sw.world, opened, { threads: 3, txnsPerThread: 12, width: 3, checkpointer: true });
        sw.world.run();
        const hit = sw.disk().counters().powerLosses > 0;
        if (hit) hits++;
        sw.world.powerLoss();
        const r = recoverIn(sw.world);
        const problems = durabilityProblems(o, r);
        expect(problems, `${label}#${nth}`).toEqual([]);
        // The recovered state opens again: the seal works on whatever power loss left.
        if (hit) expect(durabilityProblems(o, openIn(sw.world, SMALL).recovered)).toEqual([]);
      }
    }
    expect(hits).toBeGreaterThan(labels.length * 2); // most aimed points were reached
  });

  for (const label of ["dirty.drain", "ckpt.wal.read", "ckpt.run.write", "ckpt.manifest.rename", "ckpt.wal.unlink", "ckpt.done"]) {
    it(`a checkpointer dying at ${label} stalls writers with a typed error; a successor takes over with a full scan`, () => {
      const sw = makeWorld(31n, STRICT_DISK, { crashPoints: [{ label, nth: 1, kind: "process" }] });
      const opened = openIn(sw.world, SMALL);
      const o = spawnWorkload(sw.world, opened, { threads: 3, txnsPerThread: 8, width: 2, checkpointer: true });
      sw.world.run();
      expect(o.failed.length).toBeGreaterThan(0);
      expect(new Set(o.failed.map((f) => f.error))).toEqual(new Set([WriteStallError.name]));
      // A second checkpointer and more commits.
      const o2 = spawnWorkload(sw.world, opened, { threads: 2, txnsPerThread: 15, width: 1, checkpointer: true, generation: 1 });
      sw.world.run();
      expect(o2.failed).toEqual([]);
      sw.world.powerLoss();
      const r = recoverIn(sw.world);
      expect(r.manifest.checkpointSeq).toBeGreaterThan(6);
      const all = { acked: [...o.acked, ...o2.acked], failed: [], attempted: [...o.attempted, ...o2.attempted] };
      expect(durabilityProblems(all, r)).toEqual([]);
    });
  }
});

describe("checkpoint I/O errors", () => {
  for (const [op, prefix] of [
    ["fsync", "run-"],
    ["fsync", "MANIFEST-"],
    ["rename", "MANIFEST-"],
    ["write", "run-"],
  ] as const) {
    it(`EIO on ${op} of ${prefix}* fails that checkpoint only; a retry succeeds and nothing is lost`, () => {
      const sw = makeWorld(41n, STRICT_DISK);
      const opened = openIn(sw.world, SMALL);
      const ckpt = new Checkpointer(opened.log);
      const o = spawnWorkload(sw.world, opened, { threads: 3, txnsPerThread: 10, width: 2 });
      const cp = sw.world.spawnProcess("checkpointer");
      sw.world.spawnThread(cp, "ckpt", (p) => ckpt.run(p), { daemon: true });
      const arm = sw.world.spawnProcess("arm", { crashable: false });
      sw.world.spawnThread(arm, "arm", function* (p) {
        while (ckpt.checkpoints === 0) yield* p.sched.sleep(500);
        sw.disk().injectNext({ op, pathPrefix: `${DIR}/${prefix}`, code: "EIO" });
      });
      sw.world.run();
      expect(o.failed).toEqual([]);
      expect(ckpt.notes.length).toBe(1);
      expect(ckpt.notes[0]).toMatch(/EIO/);
      expect(ckpt.checkpoints).toBeGreaterThanOrEqual(3);
      sw.world.powerLoss();
      expect(durabilityProblems(o, recoverIn(sw.world))).toEqual([]);
    });
  }
});
