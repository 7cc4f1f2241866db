import { describe, expect, it } from "vitest";
import { STRICT_DISK } from "../../../src/sim/disk/disk-options.js";
import { WalIoError, WalPoisonedError } from "../../../src/engine/durability/durability-errors.js";
import { DIR, durabilityProblems, makeWorld, newOutcomes, openIn, plan, recoverIn, runAlone, spawnWorkload } from "./world-fixture.js";

describe("group commit", () => {
  it("batches many committers into few fsyncs, and every acknowledged commit survives power loss", () => {
    const sw = makeWorld(7n, STRICT_DISK);
    const opened = openIn(sw.world, { dirtyTracking: false });
    const before = sw.disk().counters().fsyncs;
    const o = spawnWorkload(sw.world, opened, { threads: 8, txnsPerThread: 5, width: 2 });
    expect(sw.world.run().end).toBe("done");
    const fsyncs = sw.disk().counters().fsyncs - before;
    expect(o.acked).toHaveLength(40);
    expect(fsyncs).toBeLessThan(40 / 3);
    sw.world.powerLoss();
    const r = recoverIn(sw.world);
    expect(durabilityProblems(o, r)).toEqual([]);
    expect(r.lastSeq).toBe(40);
    expect(r.committed.map((t) => t.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it("with batchCommitsMax 1 it fsyncs once per commit (the twin)", () => {
    const sw = makeWorld(7n, STRICT_DISK);
    const opened = openIn(sw.world, { dirtyTracking: false, batchCommitsMax: 1 });
    const before = sw.disk().counters().fsyncs;
    const o = spawnWorkload(sw.world, opened, { threads: 8, txnsPerThread: 5, width: 2 });
    sw.world.run();
    expect(o.acked).toHaveLength(40);
    expect(sw.disk().counters().fsyncs - before).toBe(40);
  });

  it("an fsync EIO fails every commit of its batch, poisons the log, and reopening recovers", () => {
    const sw = makeWorld(3n, STRICT_DISK);
    const opened = openIn(sw.world, { dirtyTracking: false });
    // Let a first batch through, then fail the second WAL fsync.
    const o = spawnWorkload(sw.world, opened, { threads: 6, txnsPerThread: 3, width: 1 });
    let armed = false;
    sw.world.hooks = {};
    const pid = sw.world.spawnProcess("arm", { crashable: false });
    sw.world.spawnThread(pid, "arm", function* (p) {
      yield* p.sched.sleep(1500);
      sw.disk().injectNext({ op: "fsync", pathPrefix: `${DIR}/wal-`, code: "EIO" });
      armed = true;
    });
    expect(sw.world.run().end).toBe("done");
    expect(armed).toBe(true);
    expect(o.acked.length).toBeGreaterThan(0);
    expect(o.failed.length).toBeGreaterThan(0);
    const ioFailed = o.failed.filter((f) => f.error === WalIoError.name);
    const refused = o.failed.filter((f) => f.error === WalPoisonedError.name);
    expect(ioFailed.length).toBeGreaterThan(1); // the whole batch, not one commit
    expect(ioFailed.length + refused.length).toBe(o.failed.length);
    // Acknowledged ones precede every failed one in seq order: nothing acknowledged after poisoning.
    expect(o.acked.length + o.failed.length).toBe(18);

    // A new commit is refused until reopened.
    const again = runAlone(sw.world, "late", function* (p) {
      try {
        yield* opened.log.logCommit(p, 999, 999, [{ key: "late", value: "x" }]);
        return "ok";
      } catch (e) {
        return (e as Error).name;
      }
    });
    expect(again.value).toBe(WalPoisonedError.name);

    // Reopen: the seal makes what recovery read durable; then commits work again.
    const reopened = openIn(sw.world, { dirtyTracking: false });
    const after = { txnId: 1000, writes: [{ key: "after", value: "y" }] };
    const ok = runAlone(sw.world, "after", function* (p) {
      yield* reopened.log.logCommit(p, after.txnId, after.txnId, after.writes);
      return "ok";
    });
    expect(ok.value).toBe("ok");
    o.attempted.push(after);
    o.acked.push(after);
    sw.world.powerLoss();
    const r = recoverIn(sw.world);
    expect(durabilityProblems(o, r)).toEqual([]);
    expect(r.state.get("after")?.value).toBe("y");
  });

  it("ENOSPC on append is a typed error and loses nothing acknowledged", () => {
    const sw = makeWorld(5n, { ...STRICT_DISK, capacityBytes: 1500 });
    const opened = openIn(sw.world, { dirtyTracking: false });
    const o = spawnWorkload(sw.world, opened, { threads: 4, txnsPerThread: 10, width: 1 });
    sw.world.run();
    expect(o.acked.length).toBeGreaterThan(0);
    expect(o.failed.length).toBeGreaterThan(0);
    expect(new Set(o.failed.map((f) => f.error))).toEqual(new Set([WalIoError.name, WalPoisonedError.name]));
    sw.world.powerLoss();
    expect(durabilityProblems(o, recoverIn(sw.world))).toEqual([]);
  });

  it("a dead committer's published record is finished by a survivor; an unpublished one is aborted", () => {
    const sw = makeWorld(11n, STRICT_DISK, { crashPoints: [{ label: "wal.wait.tick", nth: 1, kind: "process" }] });
    const opened = openIn(sw.world, { dirtyTracking: false, queueSlots: 4 });
    const victim = sw.world.spawnProcess("victim");
    const tx = plan(0, 0, 2);
    sw.world.spawnThread(victim, "v", (p) => opened.log.logCommit(p, tx.txnId, tx.txnId, tx.writes));
    sw.world.run();
    expect(sw.world.processes.isAlive(victim)).toBe(false);
    // Many more commits (past the queue ring) before a survivor resolves it.
    const later = spawnWorkload(sw.world, opened, { threads: 3, txnsPerThread: 8, width: 1, generation: 1 });
    sw.world.run();
    expect(later.acked).toHaveLength(24);
    const res = runAlone(sw.world, "survivor", function* (p) {
      return [yield* opened.log.resolveDeadCommit(p, tx.txnId, tx.txnId), yield* opened.log.resolveDeadCommit(p, 424242, 1)];
    });
    expect(res.value).toEqual(["finish", "abort"]);
    sw.world.powerLoss();
    const r = recoverIn(sw.world);
    expect(durabilityProblems({ ...newOutcomes(), acked: [tx, ...later.acked], attempted: [tx, ...later.attempted] }, r)).toEqual([]);
  });
});

describe("dead committers", () => {
  it("one that died before publishing (slot written, seq not yet bumped) is aborted and never appears", () => {
    const sw = makeWorld(12n, STRICT_DISK, { crashPoints: [{ label: "wal.enqueue", nth: 1, kind: "process" }] });
    const opened = openIn(sw.world, { dirtyTracking: false });
    const victim = sw.world.spawnProcess("victim");
    const tx = plan(0, 0, 2);
    sw.world.spawnThread(victim, "v", (p) => opened.log.logCommit(p, tx.txnId, tx.txnId, tx.writes));
    sw.world.run();
    expect(sw.world.processes.isAlive(victim)).toBe(false);
    const later = spawnWorkload(sw.world, opened, { threads: 2, txnsPerThread: 3, width: 1, generation: 1 });
    sw.world.run();
    const res = runAlone(sw.world, "survivor", (p) => opened.log.resolveDeadCommit(p, tx.txnId, tx.txnId));
    expect(res.value).toBe("abort");
    sw.world.powerLoss();
    const r = recoverIn(sw.world);
    expect(r.state.has(tx.writes[0]!.key)).toBe(false);
    expect(durabilityProblems(later, r)).toEqual([]);
  });
});

describe("group commit across processes", () => {
  it("a leader that dies mid-fsync is replaced: survivors' commits all complete and survive power loss", () => {
    let replaced = 0;
    for (const nth of [1, 2, 3, 5]) {
      const sw = makeWorld(BigInt(50 + nth), STRICT_DISK, { crashPoints: [{ label: "wal.fsync", nth, kind: "process" }] });
      const opened = openIn(sw.world, { dirtyTracking: false });
      const a = spawnWorkload(sw.world, opened, { threads: 3, txnsPerThread: 4, width: 2, generation: 0 });
      const b = spawnWorkload(sw.world, opened, { threads: 3, txnsPerThread: 4, width: 2, generation: 1 });
      expect(sw.world.run().end).toBe("done");
      const dead = [a, b].filter((o) => o.attempted.length < 12);
      const alive = [a, b].find((o) => o.attempted.length === 12 && o.acked.length === 12);
      expect(dead.length).toBe(1); // exactly one process died (the one leading at that fsync)
      expect(alive).toBeDefined();
      replaced++;
      sw.world.powerLoss();
      const r = recoverIn(sw.world);
      const both = { acked: [...a.acked, ...b.acked], failed: [], attempted: [...a.attempted, ...b.attempted] };
      expect(durabilityProblems(both, r), `nth ${nth}`).toEqual([]);
    }
    expect(replaced).toBe(4);
  });

  it("is deterministic: the same seed gives the same trace and the same recovered state", () => {
    const once = () => {
      const sw = makeWorld(77n, {}, { powerLossProbabilityPerStep: 0.003, powerLossesMax: 1 });
      const opened = openIn(sw.world, { epochSeqs: 4 });
      spawnWorkload(sw.world, opened, { threads: 4, txnsPerThread: 6, width: 2, checkpointer: true });
      const out = sw.world.run();
      sw.world.powerLoss();
      return { hash: out.traceHash, state: [...recoverIn(sw.world).state.entries()] };
    };
    expect(once()).toEqual(once());
  });
});
