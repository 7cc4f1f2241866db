// Finding named cycles inside one strongly connected component, Elle's way:
// BFS for a shortest cycle over just the edge types an anomaly allows (G0: ww;
// G1c: ww+wr with a wr; G-single: one rw; G-nonadjacent: rw edges never
// adjacent; G2-item: two adjacent rw). `extra` adds process/real-time edges for
// the -process/-realtime variants. Work is counted against a step budget.
// anyCycle and the G1c search are complete (a cycle exists ⇒ one is returned
// unless the budget ran out); the rw searches are best-effort (see si-cycle.ts
// for the complete one that backs them).
import { ORDERING, PROCESS, REALTIME, RW, WR, WW, type Csr } from "./edge-list.js";
import { stronglyConnected } from "./scc.js";

/** A component renumbered 0..n-1; ids[local] = txn id. */
export interface LocalGraph extends Csr {
  readonly ids: Int32Array;
  /** src[e] = local source node of edge e. */
  readonly src: Int32Array;
}

/** nodes[i] → nodes[(i+1) % len] has edge type types[i] (one bit). */
export interface Cycle {
  readonly nodes: readonly number[];
  readonly types: readonly number[];
}

export class StepBudget {
  exhausted = false;
  constructor(public left: number) {}
  spend(n: number): boolean {
    this.left -= n;
    if (this.left < 0) this.exhausted = true;
    return !this.exhausted;
  }

  /**
   * Runs a best-effort search on at most `cap` of the steps left. Its steps are
   * charged here, but its running out does not exhaust this budget: such a
   * search only picks a nicer name, a complete search backs it.
   */
  within<T>(cap: number, search: (b: StepBudget) => T): T {
    const start = Math.max(0, Math.min(cap, this.left));
    const slice = new StepBudget(start);
    const out = search(slice);
    this.left -= Math.min(start, start - slice.left);
    return out;
  }
}

/** Builds the subgraph of `g` induced by `members`; `localOf` must be all -1 and is left so. */
export function localGraph(g: Csr, members: readonly number[], localOf: Int32Array): LocalGraph {
  members.forEach((v, i) => (localOf[v] = i));
  const n = members.length;
  const off = new Int32Array(n + 1);
  const tgt: number[] = [];
  const msk: number[] = [];
  const src: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = members[i]!;
    for (let e = g.off[v]!; e < g.off[v + 1]!; e++) {
      const w = localOf[g.tgt[e]!]!;
      if (w >= 0) {
        tgt.push(w);
        msk.push(g.msk[e]!);
        src.push(i);
      }
    }
    off[i + 1] = tgt.length;
  }
  for (const v of members) localOf[v] = -1;
  return { n, off, tgt: Int32Array.from(tgt), msk: Uint8Array.from(msk), ids: Int32Array.from(members), src: Int32Array.from(src) };
}

const PRIORITY = [WW, WR, PROCESS, REALTIME, RW];
/** The one edge type a cycle step is named by when parallel edges merged: data before ordering, rw last. */
export function pickType(mask: number): number {
  for (const b of PRIORITY) if (mask & b) return b;
  return 0;
}

/** Shortest path src → dst over edges meeting `allowed`, inside component `c` of `comp` when given. */
export function bfsPath(g: Csr, src: number, dst: number, allowed: number, budget: StepBudget, comp?: Int32Array): Cycle | null {
  const parent = new Int32Array(g.n).fill(-2);
  const ptype = new Uint8Array(g.n);
  const queue = new Int32Array(g.n);
  const c = comp?.[src];
  let head = 0;
  let tail = 0;
  queue[tail++] = src;
  if (src !== dst) parent[src] = -1;
  while (head < tail) {
    const x = queue[head++]!;
    if (!budget.spend(1 + g.off[x + 1]! - g.off[x]!)) return null;
    for (let e = g.off[x]!; e < g.off[x + 1]!; e++) {
      const m = g.msk[e]! & allowed;
      const y = g.tgt[e]!;
      if (m === 0 || parent[y] !== -2 || (comp !== undefined && comp[y] !== c)) continue;
      parent[y] = x;
      ptype[y] = pickType(m);
      if (y === dst) {
        const nodes: number[] = [];
        const types: number[] = [];
        let z = dst;
        do {
          types.push(ptype[z]!);
          z = parent[z]!;
          nodes.push(z);
        } while (z !== src);
        nodes.reverse();
        types.reverse();
        nodes.push(dst);
        return { nodes, types }; // path: nodes[0]=src .. nodes[last]=dst
      }
      queue[tail++] = y;
    }
  }
  return null;
}

/** Cycle u -type-> v, then the path v .. u. */
export function close(u: number, type: number, path: Cycle): Cycle {
  return { nodes: [u, ...path.nodes.slice(0, -1)], types: [type, ...path.types] };
}

function isSimple(c: Cycle): boolean {
  return new Set(c.nodes).size === c.nodes.length;
}

const CANDIDATES = 16;

/**
 * Edges with a `special` bit passing `accept`, most suspicious first: ordered by
 * how far back in invoke order they point (a read of an older txn's overwritten
 * state, a read of a younger txn's write), then by position. Only the search
 * order depends on it; what a cycle is never does.
 */
function candidates(g: LocalGraph, special: number, limit: number, accept: (u: number, v: number) => boolean): number[] {
  const out: number[] = [];
  for (let e = 0; e < g.tgt.length; e++) {
    if ((g.msk[e]! & special) !== 0 && accept(g.src[e]!, g.tgt[e]!)) out.push(e);
  }
  const back = (e: number): number => g.ids[g.tgt[e]!]! - g.ids[g.src[e]!]!;
  out.sort((a, b) => back(a) - back(b) || a - b);
  return out.slice(0, limit);
}

function shortest(a: Cycle | null, b: Cycle | null): Cycle | null {
  if (a === null) return b;
  if (b === null) return a;
  return b.nodes.length < a.nodes.length ? b : a;
}

/**
 * A cycle over `base|extra` edges plus one `special` edge u → v (at the start),
 * shortest of a few tries. Edges whose ends share a component of the allowed
 * subgraph are tried first (a path back surely exists, so with special in base
 * the search is complete); when special is not in base (one rw edge) edges
 * between components are tried next, only those pointing back in topological
 * order (Tarjan numbers sinks first, so v ⇝ u needs comp[v] > comp[u]).
 */
export function cycleThrough(g: LocalGraph, base: number, special: number, extra: number, budget: StepBudget): Cycle | null {
  const allowed = base | extra;
  const comps = stronglyConnected(g, allowed);
  const inBase = (special & base) === special;
  let best: Cycle | null = null;
  for (const sameComp of inBase ? [true] : [true, false]) {
    const limit = sameComp ? CANDIDATES : 4 * CANDIDATES;
    const accept = sameComp ? (u: number, v: number) => comps.comp[u] === comps.comp[v] : (u: number, v: number) => comps.comp[v]! > comps.comp[u]!;
    for (const e of candidates(g, special, limit, accept)) {
      const u = g.src[e]!;
      const v = g.tgt[e]!;
      const p = bfsPath(g, v, u, allowed, budget, sameComp ? comps.comp : undefined);
      if (p !== null) best = shortest(best, close(u, pickType(g.msk[e]! & special), p));
      if (budget.exhausted) return best;
    }
    if (best !== null) return best;
  }
  return best;
}

/** Shortest cycle of the first component (by lowest node) of the `allowed` subgraph. */
export function anyCycle(g: LocalGraph, allowed: number, budget: StepBudget): Cycle | null {
  const comps = stronglyConnected(g, allowed);
  for (let s = 0; s < g.n; s++) {
    if (comps.size[comps.comp[s]!]! < 2) continue;
    const p = bfsPath(g, s, s, allowed, budget, comps.comp);
    return p === null ? null : { nodes: p.nodes.slice(0, -1), types: p.types };
  }
  return null;
}

/** A cycle with ≥ 2 rw edges, no two adjacent (cyclically): BFS over (node, last edge rw?, ≥2 rw?). */
export function nonadjacentCycle(g: LocalGraph, extra: number, budget: StepBudget): Cycle | null {
  const plain = WW | WR | extra;
  let best: Cycle | null = null;
  const S = g.n * 4;
  for (const e0 of candidates(g, RW, CANDIDATES, () => true)) {
    const u = g.src[e0]!;
    const parent = new Int32Array(S).fill(-2);
    const ptype = new Uint8Array(S);
    const queue = new Int32Array(S);
    let head = 0;
    let tail = 0;
    const start = g.tgt[e0]! * 4 + 2; // at v, last edge rw, one rw so far
    parent[start] = -1;
    queue[tail++] = start;
    let end = -1;
    let endFrom = -1;
    let endType = 0;
    while (head < tail && end < 0) {
      const s = queue[head++]!;
      const x = s >> 2;
      const lastRw = (s >> 1) & 1;
      const two = s & 1;
      if (!budget.spend(1 + g.off[x + 1]! - g.off[x]!)) return best;
      for (let e = g.off[x]!; e < g.off[x + 1]!; e++) {
        const y = g.tgt[e]!;
        const m = g.msk[e]!;
        if (m & plain) {
          if (y === u) {
            if (two) {
              end = 0;
              endFrom = s;
              endType = pickType(m & plain);
              break;
            }
          } else {
            const t = y * 4 + two;
            if (parent[t] === -2) {
              parent[t] = s;
              ptype[t] = pickType(m & plain);
              queue[tail++] = t;
            }
          }
        }
        if (m & RW && !lastRw && y !== u) {
          const t = y * 4 + 3;
          if (parent[t] === -2) {
            parent[t] = s;
            ptype[t] = RW;
            queue[tail++] = t;
          }
        }
      }
    }
    if (end < 0) continue;
    const nodes: number[] = [];
    const types: number[] = [endType];
    for (let s = endFrom; s !== -1; s = parent[s]!) {
      nodes.push(s >> 2);
      if (parent[s] !== -1) types.push(ptype[s]!);
    }
    nodes.push(u);
    types.push(RW);
    nodes.reverse();
    types.reverse();
    const c = { nodes, types };
    if (isSimple(c)) best = shortest(best, c);
  }
  return best;
}

/** A cycle through two adjacent rw edges u → v → w, closed by any allowed path w → u avoiding v. */
export function adjacentRwCycle(g: LocalGraph, extra: number, budget: StepBudget): Cycle | null {
  const allowed = WW | WR | RW | extra;
  let best: Cycle | null = null;
  let tries = 0;
  for (const e1 of candidates(g, RW, 4 * CANDIDATES, () => true)) {
    if (tries >= CANDIDATES) break;
    const u = g.src[e1]!;
    const v = g.tgt[e1]!;
    for (let e2 = g.off[v]!; e2 < g.off[v + 1]! && tries < CANDIDATES; e2++) {
      if ((g.msk[e2]! & RW) === 0) continue;
      const w = g.tgt[e2]!;
      tries++;
      if (w === u) return { nodes: [u, v], types: [RW, RW] }; // the shortest there is
      const p = bfsPath(g, w, u, allowed, budget);
      if (p === null) continue;
      const c = { nodes: [u, v, ...p.nodes.slice(0, -1)], types: [RW, RW, ...p.types] };
      if (isSimple(c)) best = shortest(best, c);
      if (budget.exhausted) return best;
    }
  }
  return best;
}

/** Elle's name for a cycle, from its edge types; -process / -realtime when it needs those edges. */
export function nameCycle(c: Cycle): string {
  const n = c.types.length;
  let rw = 0;
  let wr = 0;
  let adjacent = false;
  let ordering = 0;
  for (let i = 0; i < n; i++) {
    const t = c.types[i]!;
    if (t === RW) {
      rw++;
      if (c.types[(i + 1) % n] === RW) adjacent = true;
    } else if (t === WR) wr++;
    else if (t & ORDERING) ordering |= t;
  }
  const base = rw === 0 ? (wr === 0 ? "G0" : "G1c") : rw === 1 ? "G-single" : adjacent ? "G2-item" : "G-nonadjacent";
  return base + (ordering & REALTIME ? "-realtime" : ordering & PROCESS ? "-process" : "");
}
