// Which cycle searches run in each strongly connected component: every anomaly
// class on data edges first, then again with process edges, then with real-time
// edges (only where those edges exist). One cycle per name per component,
// named by what it contains (see nameCycle), so names never overclaim.
import { PROCESS, REALTIME, RW, WR, WW, type Csr } from "./edge-list.js";
import { isOrderingVariant } from "./anomaly-table.js";
import {
  adjacentRwCycle,
  anyCycle,
  cycleThrough,
  localGraph,
  nameCycle,
  nonadjacentCycle,
  type Cycle,
  type StepBudget,
} from "./cycle-search.js";
import type { NamedCycle } from "./explain.js";
import { stronglyConnected } from "./scc.js";

export interface CycleReport {
  readonly cycles: NamedCycle[];
  /** Components with more than one txn. */
  readonly components: number;
}

export function findCycles(g: Csr, useProcess: boolean, useRealtime: boolean, budget: StepBudget, maxPerName: number): CycleReport {
  const sccs = stronglyConnected(g, 0xff);
  const members = new Map<number, number[]>(); // insertion order = smallest member first
  for (let v = 0; v < g.n; v++) {
    const c = sccs.comp[v]!;
    if (sccs.size[c]! < 2) continue;
    const list = members.get(c);
    if (list === undefined) members.set(c, [v]);
    else list.push(v);
  }
  const variants = [0];
  if (useProcess) variants.push(PROCESS);
  if (useRealtime) variants.push(PROCESS | REALTIME);
  const localOf = new Int32Array(g.n).fill(-1);
  const perName = new Map<string, number>();
  const cycles: NamedCycle[] = [];
  for (const nodes of members.values()) {
    if (budget.exhausted) break;
    const lg = localGraph(g, nodes, localOf);
    let present = 0;
    for (let e = 0; e < lg.msk.length; e++) present |= lg.msk[e]!;
    const seen = new Set<string>();
    for (const extra of variants) {
      if (extra !== 0 && (present & extra) === 0) continue;
      const searches: (() => Cycle | null)[] = [
        () => anyCycle(lg, WW | extra, budget),
        () => cycleThrough(lg, WW | WR, WR, extra, budget),
        () => cycleThrough(lg, WW | WR, RW, extra, budget),
        () => nonadjacentCycle(lg, extra, budget),
        () => adjacentRwCycle(lg, extra, budget),
      ];
      for (const search of searches) {
        if (budget.exhausted) break;
        const c = search();
        if (c === null) continue;
        const name = nameCycle(c);
        if ((extra !== 0) !== isOrderingVariant(name) || seen.has(name)) continue;
        seen.add(name);
        const n = (perName.get(name) ?? 0) + 1;
        perName.set(name, n);
        if (n > maxPerName) continue;
        cycles.push({ name, cycle: rotateToSmallest({ nodes: c.nodes.map((v) => lg.ids[v]!), types: c.types }) });
      }
    }
  }
  return { cycles, components: members.size };
}

/** The same cycle starting at its oldest txn, so it reads in history order where it can. */
function rotateToSmallest(c: Cycle): Cycle {
  let at = 0;
  for (let i = 1; i < c.nodes.length; i++) if (c.nodes[i]! < c.nodes[at]!) at = i;
  return { nodes: [...c.nodes.slice(at), ...c.nodes.slice(0, at)], types: [...c.types.slice(at), ...c.types.slice(0, at)] };
}
