// The complete search for a cycle snapshot isolation forbids: a closed walk
// with at least one rw edge and no two rw edges adjacent (cyclically). It runs
// in O(n + e) on a product graph whose nodes are (txn, "last edge was rw?"), so
// a walk in it never takes rw twice in a row. Contract: returns such a cycle
// whenever one exists in the component (unless the step budget ran out),
// reduced to a simple cycle where a split keeps the property.
import { bfsPath, close, pickType, type Cycle, type LocalGraph, type StepBudget } from "./cycle-search.js";
import { RW, WR, WW, type Csr } from "./edge-list.js";
import { stronglyConnected } from "./scc.js";

/**
 * Why closed walks suffice: under SI a ww/wr edge T→U means commit(T) <
 * start(U) and an rw edge T→U means start(T) < commit(U); pairing each rw edge
 * with the non-rw edge after it, start times strictly rise along the walk, so
 * no such closed walk, simple or not, can exist in an SI history.
 */
export function siCycle(g: LocalGraph, extra: number, budget: StepBudget): Cycle | null {
  const plain = WW | WR | extra;
  const p = product(g, plain);
  if (!budget.spend(p.n + p.tgt.length)) return null;
  const comps = stronglyConnected(p, 0xff);
  // node 2x: at x, last edge not rw; 2x+1: at x, last edge rw. An rw edge x → y is 2x → 2y+1.
  for (let s = 0; s < p.n; s += 2) {
    for (let e = p.off[s]!; e < p.off[s + 1]!; e++) {
      const y = p.tgt[e]!;
      if (p.msk[e] !== RW || comps.comp[y] !== comps.comp[s]) continue;
      const path = bfsPath(p, y, s, 0xff, budget, comps.comp);
      if (path === null) return null; // only when the budget ran out: same component
      const walk = close(s, RW, path);
      return simplify({ nodes: walk.nodes.map((v) => v >> 1), types: walk.types });
    }
  }
  return null;
}

function product(g: Csr, plain: number): Csr {
  const n = 2 * g.n;
  const off = new Int32Array(n + 1);
  for (let x = 0; x < g.n; x++) {
    let d0 = 0;
    let d1 = 0;
    for (let e = g.off[x]!; e < g.off[x + 1]!; e++) {
      const m = g.msk[e]!;
      if (m & plain) {
        d0++;
        d1++;
      }
      if (m & RW) d0++;
    }
    off[2 * x + 1] = off[2 * x]! + d0;
    off[2 * x + 2] = off[2 * x + 1]! + d1;
  }
  const tgt = new Int32Array(off[n]!);
  const msk = new Uint8Array(off[n]!);
  const fill = off.slice(0, n);
  for (let x = 0; x < g.n; x++) {
    for (let e = g.off[x]!; e < g.off[x + 1]!; e++) {
      const y = g.tgt[e]!;
      const m = g.msk[e]!;
      if (m & plain) {
        const t = pickType(m & plain);
        for (const s of [2 * x, 2 * x + 1]) {
          const i = fill[s]!++;
          tgt[i] = 2 * y;
          msk[i] = t;
        }
      }
      if (m & RW) {
        const i = fill[2 * x]!++;
        tgt[i] = 2 * y + 1;
        msk[i] = RW;
      }
    }
  }
  return { n, off, tgt, msk };
}

/** ≥ 1 rw edge and no two rw edges adjacent, cyclically. */
function forbiddenBySi(types: readonly number[]): boolean {
  let rw = 0;
  for (let i = 0; i < types.length; i++) {
    if (types[i] !== RW) continue;
    rw++;
    if (types[(i + 1) % types.length] === RW) return false;
  }
  return rw > 0;
}

/**
 * Splits a closed walk at a repeated txn into two closed walks and keeps one
 * that SI still forbids, until the walk is a simple cycle or no split keeps
 * the property (then the walk is reported as it is: still a proof).
 */
export function simplify(c: Cycle): Cycle {
  let { nodes, types } = c;
  for (;;) {
    const at = new Map<number, number>();
    let split = false;
    for (let j = 0; j < nodes.length && !split; j++) {
      const i = at.get(nodes[j]!);
      if (i === undefined) {
        at.set(nodes[j]!, j);
        continue;
      }
      const inner = { nodes: nodes.slice(i, j), types: types.slice(i, j) };
      const outer = { nodes: [...nodes.slice(j), ...nodes.slice(0, i)], types: [...types.slice(j), ...types.slice(0, i)] };
      const keep = forbiddenBySi(inner.types) ? inner : forbiddenBySi(outer.types) ? outer : null;
      if (keep === null) return { nodes, types };
      ({ nodes, types } = keep);
      split = true;
    }
    if (!split) return { nodes, types };
  }
}
