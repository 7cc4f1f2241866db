// The append-order model: the reads' lists fix where each append may go, so a
// key with many overlapping appends is decided within a small budget; it never
// turns a legal history illegal (duplicates, writes) and still catches a read
// order real time forbids.
import { describe, expect, it } from "vitest";
import { LinearizabilityChecker } from "../../src/check/linearizability.js";
import { runChecker } from "../../src/check/checker.js";
import type { HistoryEvent } from "../../src/history/events.js";
import { H } from "./history-builder.js";

const check = (events: HistoryEvent[], maxStatesPerKey: number) => runChecker(new LinearizabilityChecker({ maxStatesPerKey }), events);

/** Appends all in flight at once (invoked in element order), then a read of them in the order given. */
function overlapping(order: number[]): H {
  const h = new H();
  const sorted = [...order].sort((a, b) => a - b);
  for (const e of sorted) h.invoke(e, "append", ["x", e]);
  for (const e of sorted) h.ok(e, "append", ["x", e]);
  return h.op(99, "read", ["x", order], ["x", null]);
}

describe("append-order model", () => {
  it("decides 14 overlapping appends read in one order within 2,000 states", () => {
    const order = [5, 3, 12, 1, 9, 14, 2, 7, 11, 4, 13, 6, 10, 8];
    const r = check(overlapping(order).events, 2_000);
    expect(r.verdict).toBe("ok");
    expect(r.stats?.statesExplored).toBeLessThan(2_000);
  });

  it("still catches a read that puts b before a when a completed before b began", () => {
    const h = new H().op(1, "append", ["x", 1]).op(2, "append", ["x", 2]).op(3, "read", ["x", [2, 1]], ["x", null]);
    expect(check(h.events, 2_000).verdict).toBe("violation");
  });

  it("stands aside when an element is appended twice: append 7, read [7], append 7 is legal", () => {
    const h = new H().op(1, "append", ["x", 7]).op(2, "read", ["x", [7]], ["x", null]).op(1, "append", ["x", 7]);
    expect(check(h.events, 2_000).verdict).toBe("ok");
    const longer = h.op(3, "read", ["x", [7, 7]], ["x", null]);
    expect(check(longer.events, 2_000).verdict).toBe("ok");
  });

  it("stands aside when the key is also written whole", () => {
    const h = new H().op(1, "append", ["x", 1]).op(2, "write", ["x", [9]]).op(1, "append", ["x", 2]).op(3, "read", ["x", [9, 2]], ["x", null]);
    expect(check(h.events, 2_000).verdict).toBe("ok");
  });
});
