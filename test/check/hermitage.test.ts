// Hermitage's isolation tests (ept/hermitage), re-expressed as stamped
// histories for the white-box snapshot-isolation checker: every anomaly SI
// prevents is caught, write skew and the read-only anomaly (allowed by SI) pass.
import { describe, expect, it } from "vitest";
import { SnapshotIsolationChecker } from "../../src/check/snapshot-isolation.js";
import { runChecker } from "../../src/check/checker.js";
import type { MicroOp, TxnStamps } from "../../src/history/events.js";
import { H } from "./history-builder.js";

const kinds = (h: H) => runChecker(new SnapshotIsolationChecker(), h.events).violations.map((v) => `${v.property}/${v.kind}`);
const setup = () => new H().txn(0, [["w", 1, 10], ["w", 2, 20]], { id: 100, start: 1, commit: 2 });
/** Two txns run concurrently: both invoke, then complete in the given order. */
function both(h: H, a: [number, MicroOp[], TxnStamps], b: [number, MicroOp[], TxnStamps]): H {
  const inv = (ops: MicroOp[]) => ops.map((m) => (m[0] === "r" ? ["r", m[1], null] : m));
  return h.invoke(a[0], "txn", inv(a[1])).invoke(b[0], "txn", inv(b[1])).ok(a[0], "txn", a[1], a[2]).ok(b[0], "txn", b[1], b[2]);
}

describe("Hermitage under white-box snapshot isolation", () => {
  it("G0 (dirty write): concurrent writers of the same keys cannot both commit", () => {
    const h = both(setup(), [1, [["w", 1, 11], ["w", 2, 21]], { id: 1, start: 5, commit: 8 }], [2, [["w", 1, 12], ["w", 2, 22]], { id: 2, start: 6, commit: 9 }]);
    expect(kinds(h)).toContain("write-conflict/concurrent-writers");
  });

  it("G1a (aborted read)", () => {
    const h = setup().invoke(1, "txn", [["w", 1, 101]]).fail(1, "txn", [["w", 1, 101]], { id: 1, start: 5 }).txn(2, [["r", 1, 101]], { id: 2, start: 7 });
    expect(kinds(h)).toEqual(["snapshot-isolation/aborted-read"]);
  });

  it("G1b (intermediate read)", () => {
    const h = setup().txn(1, [["w", 1, 101], ["w", 1, 11]], { id: 1, start: 5, commit: 6 }).txn(2, [["r", 1, 101]], { id: 2, start: 7 });
    expect(kinds(h)).toEqual(["snapshot-isolation/intermediate-read"]);
  });

  it("G1c (circular information flow): each reads the other's write", () => {
    const h = both(setup(), [1, [["w", 1, 11], ["r", 2, 22]], { id: 1, start: 5, commit: 8 }], [2, [["w", 2, 22], ["r", 1, 11]], { id: 2, start: 6, commit: 9 }]);
    expect(kinds(h)).toContain("snapshot-isolation/future-read");
  });

  it("OTV (observed transaction vanishes)", () => {
    const h = setup()
      .txn(1, [["w", 1, 11], ["w", 2, 19]], { id: 1, start: 5, commit: 6 })
      .txn(2, [["w", 1, 12], ["w", 2, 18]], { id: 2, start: 7, commit: 8 })
      .txn(3, [["r", 1, 12], ["r", 2, 19]], { id: 3, start: 9 });
    expect(kinds(h)).toEqual(["atomic-visibility/fractured-read"]);
  });

  it("P4 (lost update): two read-modify-writes from the same snapshot", () => {
    const h = both(setup(), [1, [["r", 1, 10], ["w", 1, 11]], { id: 1, start: 5, commit: 8 }], [2, [["r", 1, 10], ["w", 1, 11.5]], { id: 2, start: 6, commit: 9 }]);
    expect(kinds(h)).toEqual(["write-conflict/concurrent-writers"]);
  });

  it("G-single (read skew)", () => {
    const h = setup()
      .invoke(1, "txn", [["r", 1, null], ["r", 2, null]])
      .txn(2, [["w", 1, 12], ["w", 2, 18]], { id: 2, start: 6, commit: 7 })
      .ok(1, "txn", [["r", 1, 10], ["r", 2, 18]], { id: 1, start: 5 });
    expect(kinds(h)).toEqual(["atomic-visibility/fractured-read"]);
  });

  it("G2-item (write skew) is allowed by SI", () => {
    const h = both(setup(), [1, [["r", 1, 10], ["r", 2, 20], ["w", 1, 11]], { id: 1, start: 5, commit: 8 }], [2, [["r", 1, 10], ["r", 2, 20], ["w", 2, 21]], { id: 2, start: 6, commit: 9 }]);
    expect(kinds(h)).toEqual([]);
  });

  it("the read-only anomaly (Fekete et al.) is allowed by SI", () => {
    // T2 reads x,y then writes y; T1 writes x; T3 (read-only) sees T1 but not T2.
    const h = setup()
      .invoke(2, "txn", [["r", 1, null], ["r", 2, null], ["w", 2, 19]])
      .txn(1, [["r", 1, 10], ["w", 1, 30]], { id: 1, start: 6, commit: 7 })
      .txn(3, [["r", 1, 30], ["r", 2, 20]], { id: 3, start: 8 })
      .ok(2, "txn", [["r", 1, 10], ["r", 2, 20], ["w", 2, 19]], { id: 2, start: 5, commit: 9 });
    expect(kinds(h)).toEqual([]);
  });
});
