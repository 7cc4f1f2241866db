import { describe, expect, it } from "vitest";
import { ReclamationChecker } from "../../src/check/reclamation.js";
import { runChecker } from "../../src/check/checker.js";
import { H } from "./history-builder.js";

const uaf = { addr: 64, op: "load", thread: 2, step: 40, label: "version.next", allocSite: { thread: 1, step: 3 }, freeSite: { thread: 3, step: 30, label: "gc" } };
const drop = (commit: number, supersededBy: number | null) => ({ key: "x", commit, supersededBy, thread: 3 });

describe("reclamation", () => {
  it("reports a use-after-free at its event, and nothing without one", () => {
    const h = new H().system("memory", { liveWords: 10, liveVersions: 2, garbageVersions: 0 }).system("use-after-free", uaf);
    const c = new ReclamationChecker();
    expect(c.onEvent(h.events[0]!)).toBeUndefined();
    const v = c.onEvent(h.events[1]!)!;
    expect(v.kind).toBe("use-after-free");
    expect(v.step).toBe(1);
    expect(v.threads).toEqual([2, 3]);
    expect(v.explanation).toContain("freed at thread 3 at scheduler step 30 (gc)");
    expect(v.actorKind).toBe("thread");
    expect(runChecker(new ReclamationChecker(), h.events.slice(0, 1)).verdict).toBe("ok");
  });

  it("catches GC dropping the version an open snapshot reads", () => {
    const bad = new H().system("snapshot-open", { txn: 7, ts: 15 }).system("gc-drop", drop(10, 20));
    const r = runChecker(new ReclamationChecker(), bad.events);
    expect(r.violations.map((v) => v.kind)).toEqual(["gc-dropped-visible-version"]);
    expect(r.violations[0]!.explanation).toContain("engine txn 7 (no client event names it) at 15");
  });

  it("names the snapshot's txn T<invoke index>, as every checker does, when its thread's invoke is in the history", () => {
    const h = new H().invoke(4, "txn", [["r", "x", null]]).system("snapshot-open", { txn: 7, ts: 15 }).system("gc-drop", drop(10, 20));
    const events = h.events.map((e, i) => (i < 2 ? { ...e, thread: 2 } : e));
    const r = runChecker(new ReclamationChecker(), events);
    expect(r.violations[0]!.explanation).toContain("but the snapshot of T0 at 15, still open");
  });

  it("passes near twins: snapshot closed, version superseded before it, or newer than it", () => {
    const closed = new H().system("snapshot-open", { txn: 7, ts: 15 }).system("snapshot-close", { txn: 7 }).system("gc-drop", drop(10, 20));
    const superseded = new H().system("snapshot-open", { txn: 7, ts: 15 }).system("gc-drop", drop(10, 12));
    const newer = new H().system("snapshot-open", { txn: 7, ts: 15 }).system("gc-drop", drop(16, null));
    for (const h of [closed, superseded, newer]) expect(runChecker(new ReclamationChecker(), h.events).verdict).toBe("ok");
    const newestDropped = new H().system("snapshot-open", { txn: 7, ts: 15 }).system("gc-drop", drop(10, null));
    expect(runChecker(new ReclamationChecker(), newestDropped.events).verdict).toBe("violation");
  });

  it("catches garbage left after quiescence, within the bound passes", () => {
    const sample = (g: number) => new H().system("faults-stop", null).system("memory", { liveWords: 100, liveVersions: 50, garbageVersions: g });
    expect(runChecker(new ReclamationChecker({ garbageVersionsMax: 8 }), sample(9).events).violations.map((v) => v.kind)).toEqual(["garbage-not-reclaimed"]);
    expect(runChecker(new ReclamationChecker({ garbageVersionsMax: 8 }), sample(8).events).verdict).toBe("ok");
    // A snapshot still open may legitimately pin garbage.
    const pinned = new H().system("snapshot-open", { txn: 1, ts: 5 }).system("memory", { liveWords: 100, liveVersions: 50, garbageVersions: 500 });
    expect(runChecker(new ReclamationChecker({ garbageVersionsMax: 8 }), pinned.events).verdict).toBe("ok");
  });
});

describe("reclamation after crashes", () => {
  it("lets GC reclaim a crashed process's snapshot, not a live one's", () => {
    const h = (crashPid: number) => new H().system("snapshot-open", { txn: 7, ts: 15, pid: 2 }).system("crash", { pid: crashPid }).system("gc-drop", drop(10, 20));
    expect(runChecker(new ReclamationChecker(), h(2).events).verdict).toBe("ok");
    expect(runChecker(new ReclamationChecker(), h(3).events).verdict).toBe("violation");
  });

  it("does not count a snapshot of unknown owner after a crash, but counts one opened after it", () => {
    const before = new H().system("snapshot-open", { txn: 7, ts: 15 }).system("crash", { pid: 1 }).system("gc-drop", drop(10, 20));
    expect(runChecker(new ReclamationChecker(), before.events).verdict).toBe("ok");
    const after = new H().system("crash", { pid: 1 }).system("snapshot-open", { txn: 7, ts: 15 }).system("gc-drop", drop(10, 20));
    expect(runChecker(new ReclamationChecker(), after.events).verdict).toBe("violation");
  });
});
