// The append-set model (with the places the reads fix): a key with many
// overlapping appends is decided within a small budget; it never turns a legal
// history illegal (duplicates, writes) and still catches a read order real
// time forbids. Its agreement with the plain model: the .property test.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appendSetModel } from "../../src/check/append-set-model.js";
import { wglSearch } from "../../src/check/wgl-search.js";
import { kvModel, type KvInput, type KvOutput } from "../../src/models/kv-model.js";
import { LinearizabilityChecker } from "../../src/check/linearizability.js";
import { runChecker } from "../../src/check/checker.js";
import type { HistoryEvent } from "../../src/history/events.js";
import type { KeyOp } from "../../src/check/key-ops.js";
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

describe("append-set model", () => {
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

  it("lets a put of a whole list replace what was appended before it", () => {
    const h = new H().op(1, "append", ["x", 1]).op(2, "write", ["x", [9]]).op(1, "append", ["x", 2]).op(3, "read", ["x", [9, 2]], ["x", null]);
    expect(check(h.events, 2_000).verdict).toBe("ok");
  });

  it("keeps the order constraint across puts of fresh lists (the c50 kv workload): 14 overlapping appends after a put", () => {
    const order = [5, 3, 12, 1, 9, 14, 2, 7, 11, 4, 13, 6, 10, 8];
    const h = new H().op(50, "write", ["x", [100]]);
    for (const e of [...order].sort((a, b) => a - b)) h.invoke(e, "append", ["x", e]);
    for (const e of [...order].sort((a, b) => a - b)) h.ok(e, "append", ["x", e]);
    h.op(99, "read", ["x", [100, ...order]], ["x", null]);
    const r = check(h.events, 2_000);
    expect(r.verdict).toBe("ok");
    // A later read of a shorter list: the list cannot lose elements without a put.
    const wrong = h.op(98, "read", ["x", [100, 5, 3]], ["x", null]);
    expect(check(wrong.events, 2_000).verdict).toBe("violation");
  });

  /**
   * The soak's swarm seed 3871232689701320809 in miniature: 8 single appends no
   * read shows stay in flight while 10 txns of 3 appends run one after another
   * and a read shows those 30; 10 appends follow. The plain list model keeps
   * every place an unread append could take among the 30 (a different list
   * each) and spends any budget; the append-set model does not.
   */
  function unreadAcrossTxns(read: (shown: number[]) => number[], unreadDoneBeforeRead = false): H {
    const h = new H();
    for (let u = 0; u < 8; u++) h.invoke(100 + u, "append", ["x", 1000 + u]);
    if (unreadDoneBeforeRead) h.ok(100, "append", ["x", 1000]);
    const shown: number[] = [];
    for (let t = 0; t < 10; t++) {
      const appends = [0, 1, 2].map((i): ["append", string, number] => ["append", "x", 3 * t + i]);
      h.invoke(t % 4, "txn", appends).ok(t % 4, "txn", appends, { id: t + 1, start: 2 * t, commit: 2 * t + 1 });
      shown.push(...appends.map((a) => a[2]));
    }
    h.op(50, "read", ["x", read(shown)], ["x", null]);
    for (let u = unreadDoneBeforeRead ? 1 : 0; u < 8; u++) h.ok(100 + u, "append", ["x", 1000 + u]);
    for (let i = 0; i < 10; i++) h.op(60 + (i % 3), "append", ["x", 2000 + i]);
    return h;
  }

  it("decides unread appends in flight across a read of many txn appends within 1,000 states; the plain model cannot in 100,000", () => {
    const h = unreadAcrossTxns((shown) => shown);
    expect(check(h.events, 1_000).verdict).toBe("ok");
    const c = new LinearizabilityChecker();
    for (const e of h.events) c.onEvent(e);
    const ops: KeyOp[] = c.keysBySize()[0]!.ops;
    expect(ops.length).toBe(49);
    expect(wglSearch(kvModel, ops, 100_000).result).toBe("unknown");
  });

  it("still finds the violations in that shape: a txn's append missing from the read, an unread append that completed before the read", () => {
    expect(check(unreadAcrossTxns((shown) => shown.filter((e) => e !== 17)).events, 1_000).verdict).toBe("violation");
    expect(check(unreadAcrossTxns((shown) => shown, true).events, 1_000).verdict).toBe("violation");
    // Two txns' appends swapped though the first txn completed before the second began.
    const swapped = (shown: number[]) => [...shown.slice(0, 3), ...shown.slice(6, 9), ...shown.slice(3, 6), ...shown.slice(9)];
    expect(check(unreadAcrossTxns(swapped).events, 1_000).verdict).toBe("violation");
    // Within one txn the appends are one op each sharing its interval: any order of them is accepted.
    expect(check(unreadAcrossTxns((shown) => [shown[2]!, shown[0]!, shown[1]!, ...shown.slice(3)]).events, 1_000).verdict).toBe("ok");
  });

  it("shows the violation's legal prefix in an order the plain list takes: unread appends in the order the read after them shows", () => {
    // 1, 2 and 3 overlap; the read shows 3, 1, 2; then a read misses 4, which completed before it began.
    // The write of a number last turns the places' pruning off, so the search itself takes 1, 2, 3 first.
    const h = new H().invoke(1, "append", ["x", 1]).invoke(2, "append", ["x", 2]).invoke(3, "append", ["x", 3]);
    h.ok(1, "append", ["x", 1]).ok(2, "append", ["x", 2]).ok(3, "append", ["x", 3]);
    h.op(9, "read", ["x", [3, 1, 2]], ["x", null]).op(1, "append", ["x", 4]).op(9, "read", ["x", [3, 1, 2]], ["x", null]).op(5, "write", ["x", 9]);
    const r = check(h.events, 2_000);
    expect(r.verdict).toBe("violation");
    const linearized = (r.violations[0]!.evidence as { linearized: Array<{ op: string; stateAfter: unknown }> }).linearized;
    const read = linearized.find((l) => l.op.startsWith("read"))!;
    expect(read.stateAfter).toEqual([3, 1, 2]);
    expect(linearized.slice(0, 3).map((l) => l.op)).toEqual(["append 3", "append 1", "append 2"]);
  });

  it("agrees with the plain kv model on random append / put / read histories with shuffled reads", () => {
    const opArb = fc.record({ kind: fc.constantFrom("append", "append", "put", "read"), before: fc.nat(25), after: fc.nat(25), swap: fc.nat(6) });
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 9 }), (specs) => {
        let list: number[] = [];
        let fresh = 1;
        const ops = specs.map((s, i) => {
          const point = 100 + i * 10;
          const call = 2 * (point - s.before) + 1;
          const ret = 2 * (point + s.after) + 2;
          let input: KvInput;
          let output: KvOutput = null;
          if (s.kind === "append") {
            input = { f: "append", element: fresh };
            list = [...list, fresh++];
          } else if (s.kind === "put") {
            input = { f: "write", value: [fresh] };
            list = [fresh++];
          } else {
            input = { f: "read" };
            // Sometimes a read shows two neighbours swapped: legal or not, both models must agree.
            const seen = [...list];
            if (s.swap + 1 < seen.length) [seen[s.swap], seen[s.swap + 1]] = [seen[s.swap + 1]!, seen[s.swap]!];
            output = seen;
          }
          return { id: i, input, output, call, ret };
        });
        const model = appendSetModel(ops);
        if (!model) return; // stood aside (no append): the plain model decides
        const fast = wglSearch(model, ops, 1_000_000).result;
        expect(fast).toBe(wglSearch(kvModel, ops, 1_000_000).result);
      }),
      { numRuns: 800, seed: 3 },
    );
  });
});
