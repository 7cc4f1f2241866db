// The graph machinery against naive definitions: iterative Tarjan vs mutual
// reachability, sparse real-time edges vs the full "completed before invoked"
// relation, and an exhausted search budget answering unknown.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EdgeList, REALTIME, buildCsr, type Csr } from "../../../src/check/graph/edge-list.js";
import { checkDependencyGraph } from "../../../src/check/graph/index.js";
import { addRealtimeEdges } from "../../../src/check/graph/order-edges.js";
import { stronglyConnected } from "../../../src/check/graph/scc.js";
import { buildTxnTable } from "../../../src/check/graph/txn-table.js";
import type { HistoryEvent } from "../../../src/history/events.js";
import { h } from "./history-builder.js";

function reach(g: Csr): boolean[][] {
  const r = Array.from({ length: g.n }, (_, v) => {
    const seen = new Array<boolean>(g.n).fill(false);
    const stack = [v];
    while (stack.length > 0) {
      const x = stack.pop()!;
      for (let e = g.off[x]!; e < g.off[x + 1]!; e++) {
        const y = g.tgt[e]!;
        if (!seen[y]) {
          seen[y] = true;
          stack.push(y);
        }
      }
    }
    return seen;
  });
  return r;
}

describe("stronglyConnected", () => {
  it("puts u and v together iff each reaches the other", () => {
    const graph = fc.integer({ min: 1, max: 12 }).chain((n) =>
      fc.record({ n: fc.constant(n), edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 30 }) }),
    );
    fc.assert(
      fc.property(graph, ({ n, edges }) => {
        const list = new EdgeList();
        for (const [a, b] of edges) list.add(a, b, 1, -1, -1);
        const g = buildCsr(n, list);
        const { comp } = stronglyConnected(g, 0xff);
        const r = reach(g);
        for (let u = 0; u < n; u++) {
          for (let v = 0; v < n; v++) {
            const together = u === v || (r[u]![v]! && r[v]![u]!);
            expect(comp[u] === comp[v]).toBe(together);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
  it("handles a 300k-node cycle without recursion", () => {
    const n = 300_000;
    const list = new EdgeList();
    for (let v = 0; v < n; v++) list.add(v, (v + 1) % n, 1, -1, -1);
    const s = stronglyConnected(buildCsr(n, list), 0xff);
    expect(s.count).toBe(1);
    expect(s.size[0]).toBe(n);
  });
});

describe("real-time edges", () => {
  it("have the same reachability as the full completed-before-invoked relation", () => {
    // random interleavings of invoke/ok over a few processes
    const schedule = fc.array(fc.nat(3), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(schedule, (steps) => {
        const b = h();
        const open = new Set<number>();
        let v = 0;
        for (const p of steps) {
          if (open.has(p)) {
            b.complete(p, "ok", [["append", "k", p * 1000 + v]]);
            open.delete(p);
          } else {
            v++;
            b.invoke(p, [["append", "k", p * 1000 + v]]);
            open.add(p);
          }
        }
        const t = buildTxnTable(b.events);
        const list = new EdgeList();
        addRealtimeEdges(t, list);
        const r = reach(buildCsr(t.count, list));
        for (let a = 0; a < t.count; a++) {
          for (let c = 0; c < t.count; c++) {
            const before = t.status[a] === 0 && t.completeIndex[a]! < t.invokeIndex[c]!;
            expect(r[a]![c]).toBe(before);
          }
        }
        for (let e = 0; e < list.length; e++) expect(list.type[e]).toBe(REALTIME);
      }),
      { numRuns: 200 },
    );
  });
});

describe("cycle-search budget", () => {
  const skew: HistoryEvent[] = h()
    .invoke(0, [["r", "x", null], ["w", "y", 1]])
    .invoke(1, [["r", "y", null], ["w", "x", 1]])
    .complete(0, "ok", [["r", "x", null], ["w", "y", 1]])
    .complete(1, "ok", [["r", "y", null], ["w", "x", 1]]).events;
  // Three txns, each reading the next one's append: finding it takes a BFS.
  const ring: HistoryEvent[] = h()
    .invoke(0, [["append", "x", 1], ["r", "z", null]])
    .invoke(1, [["r", "x", null], ["append", "y", 1]])
    .invoke(2, [["r", "y", null], ["append", "z", 1]])
    .complete(0, "ok", [["append", "x", 1], ["r", "z", [1]]])
    .complete(1, "ok", [["r", "x", [1]], ["append", "y", 1]])
    .complete(2, "ok", [["r", "y", [1]], ["append", "z", 1]]).events;
  it("answers unknown, with the reason, when the budget runs out", () => {
    const r = checkDependencyGraph(ring, { model: "serializable", cycleSearchSteps: 1 });
    expect(r.verdict).toBe("unknown");
    expect(r.unknownReason).toMatch(/step budget ran out .* 1 of 1 strongly connected components not fully searched/);
    expect(checkDependencyGraph(ring, { model: "read-committed" }).anomalies).toEqual(["G1c"]);
  });
  it("never answers ok for any budget, however small", () => {
    for (const events of [ring, skew]) {
      for (let steps = 0; steps < 64; steps++) {
        expect(checkDependencyGraph(events, { model: "serializable", cycleSearchSteps: steps }).verdict).not.toBe("ok");
      }
    }
  });
  it("finds the cycle with the default budget", () => {
    expect(checkDependencyGraph(skew, { model: "serializable" }).verdict).toBe("violation");
  });
});
