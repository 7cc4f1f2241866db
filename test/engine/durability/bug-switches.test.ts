// Each durability defect by name: a directed run that shows it with the switch
// on, and the same run with it off that does not.
import { describe, expect, it } from "vitest";
import { STRICT_DISK } from "../../../src/sim/disk/disk-options.js";
import type { Gen, Ports } from "../../../src/engine/ports.js";
import { WalApplyError } from "../../../src/engine/durability/durability-errors.js";
import type { CommittedTxn } from "../../../src/engine/durability/wal-replay.js";
import { durabilityProblems, makeWorld, newOutcomes, openIn, recoverIn, runAlone, spawnWorkload } from "./world-fixture.js";

const bug = (name: string): ReadonlySet<string> => new Set([name]);
const NONE: ReadonlySet<string> = new Set();

describe("commit-ack-before-fsync", () => {
  function lostAcks(bugs: ReadonlySet<string>): number {
    let lost = 0;
    for (const nth of [2, 4, 6, 8]) {
      // The fsync's latency step carries its label too: even arrivals are "fsync in flight".
      const sw = makeWorld(BigInt(nth), STRICT_DISK, { crashPoints: [{ label: "wal.fsync", nth, kind: "power" }] });
      const opened = openIn(sw.world, { dirtyTracking: false, bugs });
      const o = spawnWorkload(sw.world, opened, { threads: 6, txnsPerThread: 4, width: 1 });
      sw.world.run();
      expect(sw.disk().counters().powerLosses).toBe(1);
      lost += durabilityProblems(o, recoverIn(sw.world)).filter((p) => p.startsWith("acknowledged")).length;
    }
    return lost;
  }
  it("on: a power loss during the batch fsync loses acknowledged commits", () => {
    const n = lostAcks(bug("commit-ack-before-fsync"));
    expect(n).toBeGreaterThan(0);
  });
  it("off: the same runs lose none", () => {
    expect(lostAcks(NONE)).toBe(0);
  });
});

describe("torn-wal-tail-accepted", () => {
  function afterTornPowerLoss(bugs: ReadonlySet<string>): string[] {
    // Everything unsynced reaches the disk and the last write is torn at a sector boundary.
    const sw = makeWorld(9n, { unsyncedWriteSurvivalProbability: 1, tornWriteProbability: 1, sectorBytes: 64 }, {
      crashPoints: [{ label: "wal.fsync", nth: 4, kind: "power" }],
    });
    const opened = openIn(sw.world, { dirtyTracking: false, bugs });
    const o = newOutcomes();
    const pid = sw.world.spawnProcess("c");
    sw.world.spawnThread(pid, "c", function* (p) {
      for (let i = 0; i < 2; i++) {
        const tx = { txnId: i + 1, writes: [{ key: `k${i}`, value: `${"x".repeat(300)}-end-${i}` }] };
        o.attempted.push(tx);
        yield* opened.log.logCommit(p, tx.txnId, tx.txnId, tx.writes);
        o.acked.push(tx);
      }
    });
    sw.world.run();
    expect(sw.disk().counters().tornWrites).toBe(1);
    return durabilityProblems(o, recoverIn(sw.world, bugs));
  }
  it("on: recovery applies the torn last record, a value nobody wrote", () => {
    expect(afterTornPowerLoss(bug("torn-wal-tail-accepted"))).toEqual([expect.stringMatching(/^k1=x+ was never written$/)]);
  });
  it("off: the torn tail is cut off", () => {
    expect(afterTornPowerLoss(NONE)).toEqual([]);
  });
});

describe("wal-apply-error-swallowed", () => {
  function run(bugs: ReadonlySet<string>) {
    const memtable = new Map<string, string>();
    const apply = function* (_p: Ports, t: CommittedTxn): Gen<void> {
      for (const w of t.writes) {
        if (w.key.startsWith("bad")) throw new Error(`memtable rejects ${w.key}`);
        if (w.value !== null) memtable.set(w.key, w.value);
      }
    };
    const sw = makeWorld(4n, STRICT_DISK);
    const opened = openIn(sw.world, { dirtyTracking: false, bugs, apply });
    const res = runAlone(sw.world, "c", function* (p) {
      yield* opened.log.logCommit(p, 1, 1, [{ key: "good", value: "1" }]);
      try {
        yield* opened.log.logCommit(p, 2, 2, [{ key: "bad", value: "2" }]);
        return "acknowledged";
      } catch (e) {
        return (e as Error).name;
      }
    });
    sw.world.powerLoss();
    return {
      outcome: res.value,
      visible: memtable.get("bad"),
      afterRestart: recoverIn(sw.world).state.get("bad")?.value,
      logged: opened.log.notes.length,
    };
  }
  it("on: the commit is acknowledged yet invisible until restart", () => {
    expect(run(bug("wal-apply-error-swallowed"))).toEqual({ outcome: "acknowledged", visible: undefined, afterRestart: "2", logged: 1 });
  });
  it("off: the committer gets a WalApplyError", () => {
    expect(run(NONE)).toMatchObject({ outcome: WalApplyError.name, logged: 0 });
  });
});

describe("dirty-try-send-drop", () => {
  function lost(bugs: ReadonlySet<string>): string[] {
    const sw = makeWorld(13n, STRICT_DISK);
    const opened = openIn(sw.world, { bugs, epochSeqs: 4, ringEpochs: 2, channelBatches: 1, pollUs: 5_000 });
    const o = spawnWorkload(sw.world, opened, { threads: 5, txnsPerThread: 8, width: 1, checkpointer: true });
    sw.world.run();
    expect(o.failed).toEqual([]);
    sw.world.powerLoss();
    return durabilityProblems(o, recoverIn(sw.world));
  }
  it("on: a dropped batch leaves its key out of the checkpoint, the WAL is truncated, power loss loses it", () => {
    const problems = lost(bug("dirty-try-send-drop"));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.startsWith("acknowledged"))).toBe(true);
  });
  it("off: senders wait for room and nothing is lost", () => {
    expect(lost(NONE)).toEqual([]);
  });
});
