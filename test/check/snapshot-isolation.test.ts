import { describe, expect, it } from "vitest";
import { SnapshotIsolationChecker, type SnapshotIsolationOptions } from "../../src/check/snapshot-isolation.js";
import { runChecker } from "../../src/check/checker.js";
import type { HistoryEvent } from "../../src/history/events.js";
import { H } from "./history-builder.js";

const check = (events: HistoryEvent[], o: SnapshotIsolationOptions = {}) => runChecker(new SnapshotIsolationChecker(o), events);
const kinds = (events: HistoryEvent[], o: SnapshotIsolationOptions = {}) => check(events, o).violations.map((v) => `${v.property}/${v.kind}`);

describe("white-box snapshot isolation", () => {
  it("catches a stale read and passes the twin whose snapshot predates the write", () => {
    const stale = new H().txn(1, [["w", "x", 1]], { id: 1, start: 1, commit: 10 }).txn(2, [["r", "x", null]], { id: 2, start: 20 });
    const r = check(stale.events);
    expect(r.violations.map((v) => v.kind)).toEqual(["stale-read"]);
    expect(r.violations[0]!.step).toBe(3);
    // Txns are named by their invoke's history index: the writer is T0, the reader T2.
    expect(r.violations[0]!.explanation).toContain("T2 read \"x\" = null from the initial state, but T0 (committed at 10) wrote 1");
    const twin = new H().txn(1, [["w", "x", 1]], { id: 1, start: 1, commit: 10 }).txn(2, [["r", "x", null]], { id: 2, start: 5 });
    expect(check(twin.events).verdict).toBe("ok");
  });

  it("treats a commit at the snapshot timestamp as invisible unless visibility is inclusive", () => {
    const h = new H().txn(1, [["w", "x", 1]], { id: 1, start: 1, commit: 10 }).txn(2, [["r", "x", 1]], { id: 2, start: 10 });
    expect(kinds(h.events)).toEqual(["snapshot-isolation/future-read"]);
    expect(check(h.events, { visibility: "inclusive" }).verdict).toBe("ok");
  });

  it("catches a future read and passes the twin that started later", () => {
    const bad = new H().txn(1, [["w", "x", 1]], { id: 1, start: 1, commit: 10 }).txn(2, [["r", "x", 1]], { id: 2, start: 5 });
    expect(kinds(bad.events)).toEqual(["snapshot-isolation/future-read"]);
    const twin = new H().txn(1, [["w", "x", 1]], { id: 1, start: 1, commit: 10 }).txn(2, [["r", "x", 1]], { id: 2, start: 11 });
    expect(check(twin.events).verdict).toBe("ok");
  });

  it("requires reads after an own write to see it", () => {
    const bad = new H().txn(1, [["w", "x", 1]], { id: 1, start: 1, commit: 10 }).txn(2, [["w", "x", 5], ["r", "x", 1]], { id: 2, start: 11, commit: 12 });
    expect(kinds(bad.events)).toEqual(["snapshot-isolation/own-write-not-seen"]);
    const twin = new H().txn(1, [["w", "x", 1]], { id: 1, start: 1, commit: 10 }).txn(2, [["w", "x", 5], ["r", "x", 5]], { id: 2, start: 11, commit: 12 });
    expect(check(twin.events).verdict).toBe("ok");
  });

  it("catches two overlapping committed writers of one key (first-committer-wins)", () => {
    const bad = new H()
      .invoke(1, "txn", [["w", "x", 1]])
      .invoke(2, "txn", [["w", "x", 2]])
      .ok(1, "txn", [["w", "x", 1]], { id: 1, start: 1, commit: 10 })
      .ok(2, "txn", [["w", "x", 2]], { id: 2, start: 5, commit: 12 });
    const r = check(bad.events);
    expect(r.violations.map((v) => `${v.property}/${v.kind}`)).toEqual(["write-conflict/concurrent-writers"]);
    expect(r.violations[0]!.threads).toEqual([1, 2]);
    const twin = new H().txn(1, [["w", "x", 1]], { id: 1, start: 1, commit: 10 }).txn(2, [["w", "x", 2]], { id: 2, start: 11, commit: 12 });
    expect(check(twin.events).verdict).toBe("ok");
    const otherKeys = new H().txn(1, [["w", "x", 1]], { id: 1, start: 1, commit: 10 }).txn(2, [["w", "y", 2]], { id: 2, start: 5, commit: 12 });
    expect(check(otherKeys.events).verdict).toBe("ok");
  });

  it("flags two writers committed at the same timestamp", () => {
    const h = new H().txn(1, [["w", "x", 1]], { id: 1, start: 1, commit: 10 }).txn(2, [["w", "x", 2]], { id: 2, start: 1, commit: 10 });
    expect(kinds(h.events)).toContain("write-conflict/concurrent-writers");
  });

  it("names a fractured read as an atomic-visibility violation", () => {
    const bad = new H().txn(1, [["w", "x", 1], ["w", "y", 1]], { id: 1, start: 1, commit: 10 }).txn(2, [["r", "x", 1], ["r", "y", null]], { id: 2, start: 20 });
    const r = check(bad.events);
    expect(r.violations.map((v) => `${v.property}/${v.kind}`)).toEqual(["atomic-visibility/fractured-read"]);
    expect((r.violations[0]!.evidence as { subHistory: unknown[] }).subHistory).toHaveLength(4);
    const twin = new H().txn(1, [["w", "x", 1], ["w", "y", 1]], { id: 1, start: 1, commit: 10 }).txn(2, [["r", "x", 1], ["r", "y", 1]], { id: 2, start: 20 });
    expect(check(twin.events).verdict).toBe("ok");
  });

  it("names a read of an aborted write (G1a)", () => {
    const bad = new H()
      .invoke(1, "txn", [["w", "x", 9]])
      .fail(1, "txn", [["w", "x", 9]], { id: 1, start: 1 })
      .txn(2, [["r", "x", 9]], { id: 2, start: 20 });
    expect(kinds(bad.events)).toEqual(["snapshot-isolation/aborted-read"]);
    const twin = new H()
      .invoke(1, "txn", [["w", "x", 9]])
      .fail(1, "txn", [["w", "x", 9]], { id: 1, start: 1 })
      .txn(2, [["r", "x", null]], { id: 2, start: 20 });
    expect(check(twin.events).verdict).toBe("ok");
  });

  it("names a read of a write whose txn never committed (info, stamps without commit)", () => {
    const bad = new H()
      .invoke(1, "txn", [["w", "x", 9]])
      .info(1, "txn", [["w", "x", 9]], { id: 1, start: 1 })
      .txn(2, [["r", "x", 9]], { id: 2, start: 20 });
    expect(kinds(bad.events)).toEqual(["snapshot-isolation/uncommitted-read"]);
    const twin = new H()
      .invoke(1, "txn", [["w", "x", 9]])
      .info(1, "txn", [["w", "x", 9]], { id: 1, start: 1, commit: 10 })
      .txn(2, [["r", "x", 9]], { id: 2, start: 20 });
    expect(check(twin.events).verdict).toBe("ok");
  });

  it("checks session order only when asked", () => {
    const h = new H().txn(1, [["w", "x", 1]], { id: 1, start: 1, commit: 10 }).txn(1, [["r", "y", null]], { id: 2, start: 5 });
    expect(check(h.events).verdict).toBe("ok");
    expect(kinds(h.events, { sessionOrder: true })).toEqual(["snapshot-isolation/session-order"]);
    const twin = new H().txn(1, [["w", "x", 1]], { id: 1, start: 1, commit: 10 }).txn(1, [["r", "y", null]], { id: 2, start: 11 });
    expect(check(twin.events, { sessionOrder: true }).verdict).toBe("ok");
  });

  it("catches a commit that lands inside a snapshot already read", () => {
    const bad = new H().txn(2, [["r", "x", null]], { id: 2, start: 20 }).txn(3, [["w", "x", 3]], { id: 3, start: 1, commit: 15 });
    expect(kinds(bad.events)).toEqual(["snapshot-isolation/unstable-snapshot"]);
    const twin = new H().txn(2, [["r", "x", null]], { id: 2, start: 20 }).txn(3, [["w", "x", 3]], { id: 3, start: 21, commit: 25 });
    expect(check(twin.events).verdict).toBe("ok");
  });

  it("checks list appends against the folded versions", () => {
    const base = () => new H().txn(1, [["append", "l", 1]], { id: 1, start: 1, commit: 10 }).txn(2, [["append", "l", 2]], { id: 2, start: 11, commit: 20 });
    expect(check(base().txn(3, [["r", "l", [1, 2]]], { id: 3, start: 30 }).events).verdict).toBe("ok");
    expect(kinds(base().txn(3, [["r", "l", [2]]], { id: 3, start: 30 }).events)).toEqual(["snapshot-isolation/phantom-value"]);
    expect(check(base().txn(3, [["append", "l", 3], ["r", "l", [1, 2, 3]]], { id: 3, start: 30, commit: 31 }).events).verdict).toBe("ok");
  });

  it("reports online, at the first event where the divergence is certain", () => {
    const h = new H().txn(1, [["w", "x", 1]], { id: 1, start: 1, commit: 10 }).invoke(2, "txn", [["r", "x", null]]).invoke(3, "txn", [["r", "y", null]]);
    h.ok(2, "txn", [["r", "x", null]], { id: 2, start: 20 }).ok(3, "txn", [["r", "y", null]], { id: 3, start: 20 });
    const c = new SnapshotIsolationChecker();
    const found = h.events.map((e) => c.onEvent(e));
    expect(found.findIndex((v) => v !== undefined)).toBe(5); // once txn 3 completes, nothing is open
    expect(found[5]!.step).toBe(4);
  });
});

describe("white-box snapshot isolation with single-key ops", () => {
  it("places stamped single-key ops on the timeline as one-op txns", () => {
    const h = () => new H().invoke(1, "write", ["x", 1]).ok(1, "write", ["x", 1], { id: 1, start: 5, commit: 10 });
    const stale = h().invoke(2, "read", ["x", null]).ok(2, "read", ["x", null], { id: 2, start: 20 });
    expect(kinds(stale.events)).toEqual(["snapshot-isolation/stale-read"]);
    const fresh = h().invoke(2, "read", ["x", null]).ok(2, "read", ["x", 1], { id: 2, start: 20 });
    expect(check(fresh.events).verdict).toBe("ok");
    const casLost = h()
      .invoke(2, "cas", ["x", [1, 2]])
      .invoke(3, "cas", ["x", [1, 3]])
      .ok(2, "cas", ["x", [1, 2]], { id: 2, start: 11, commit: 12 })
      .ok(3, "cas", ["x", [1, 3]], { id: 3, start: 11, commit: 13 });
    expect(kinds(casLost.events)).toEqual(["write-conflict/concurrent-writers"]);
  });

  it("excuses a read of an unstamped op's value, and nothing else", () => {
    const h = new H().op(1, "write", ["x", 1]).txn(2, [["r", "x", 1], ["r", "y", 5]], { id: 2, start: 20 });
    const r = check(h.events);
    expect(r.violations.map((v) => v.kind)).toEqual(["phantom-value"]); // y, which nobody wrote
    expect(r.stats?.readsExcused).toBe(1);
    // A crash-closed write (info, no stamps) does not excuse missing a stamped commit.
    const stale = new H()
      .txn(1, [["w", "x", 1]], { id: 1, start: 1, commit: 10 })
      .invoke(3, "write", ["x", 7])
      .info(3, "write", ["x", 7])
      .txn(2, [["r", "x", null]], { id: 2, start: 20 });
    expect(kinds(stale.events)).toEqual(["snapshot-isolation/stale-read"]);
    const maybe = new H()
      .txn(1, [["w", "x", 1]], { id: 1, start: 1, commit: 10 })
      .invoke(3, "write", ["x", 7])
      .info(3, "write", ["x", 7])
      .txn(2, [["r", "x", 7]], { id: 2, start: 20 });
    expect(check(maybe.events).verdict).toBe("ok");
  });

  it("builds own appends on an excused read of an indeterminate append", () => {
    // P3's append of 4 ended info (its process crashed) but committed; T2 read it,
    // appended 10 and read its own write back. Only the twin that loses 4 is wrong.
    const h = (ownRead: number[]) =>
      new H()
        .txn(1, [["append", "x", 6]], { id: 1, start: 1, commit: 2 })
        .invoke(3, "append", ["x", 4])
        .info(3, "append", ["x", 4])
        .txn(2, [["r", "x", [6, 4]], ["append", "x", 10], ["r", "x", ownRead]], { id: 2, start: 5, commit: 6 });
    expect(check(h([6, 4, 10]).events).verdict).toBe("ok");
    expect(kinds(h([6, 10]).events)).toEqual(["snapshot-isolation/own-write-not-seen"]);
  });
});
