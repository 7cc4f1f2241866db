// Which cycle searches run in each strongly connected component: every anomaly
// class on data edges first, then again with process edges, then with real-time
// edges (only where those edges exist). One cycle per name per component,
// named by what it contains (see nameCycle), so names never overclaim.
// Contract: a component with more than one txn always yields a named cycle,
// unless the step budget ran out (then the caller answers unknown). Per model
// the searches that decide it are complete: G0/G1c (read-committed), the SI
// walk (snapshot-isolation), any cycle (serializable and, with ordering edges,
// strict-serializable); the rest only pick the weakest name they can.
import { DATA, PROCESS, REALTIME, RW, WR, WW, type Csr } from "./edge-list.js";
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
import { siCycle } from "./si-cycle.js";

/** Steps a best-effort search may take per component and variant, per node and edge of it (and ≤ 1/4 of the budget left). */
const BEST_EFFORT_FACTOR = 16;

export interface CycleReport {
  readonly cycles: NamedCycle[];
  /** Components with more than one txn. */
  readonly components: number;
  /** Components whose search the budget cut short (0 unless budget.exhausted). */
  readonly unsearched: number;
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
  let searched = 0;
  for (const nodes of members.values()) {
    if (budget.exhausted) break;
    const lg = localGraph(g, nodes, localOf);
    const cap = BEST_EFFORT_FACTOR * (lg.n + lg.tgt.length);
    // A quarter of what is left at most, so naming never starves the complete searches.
    const bestEffort = (search: (b: StepBudget) => Cycle | null): Cycle | null => budget.within(Math.min(cap, Math.floor(budget.left / 4)), search);
    let present = 0;
    for (let e = 0; e < lg.msk.length; e++) present |= lg.msk[e]!;
    const seen = new Set<string>();
    for (const extra of variants) {
      if (extra !== 0 && (present & extra) === 0) continue;
      let found = false;
      const record = (c: Cycle | null): void => {
        if (c === null) return;
        found = true;
        const name = nameCycle(c);
        if ((extra !== 0) !== isOrderingVariant(name) || seen.has(name)) return;
        seen.add(name);
        const n = (perName.get(name) ?? 0) + 1;
        perName.set(name, n);
        if (n > maxPerName) return;
        cycles.push({ name, cycle: rotateToSmallest({ nodes: c.nodes.map((v) => lg.ids[v]!), types: c.types }) });
      };
      record(anyCycle(lg, WW | extra, budget)); // G0: complete
      record(cycleThrough(lg, WW | WR, WR, extra, budget)); // G1c: complete
      const single = bestEffort((b) => cycleThrough(lg, WW | WR, RW, extra, b));
      const nonadjacent = bestEffort((b) => nonadjacentCycle(lg, extra, b));
      record(single);
      record(nonadjacent);
      if (single === null && nonadjacent === null) record(siCycle(lg, extra, budget)); // complete for SI
      record(bestEffort((b) => adjacentRwCycle(lg, extra, b)));
      if (!found) record(anyCycle(lg, DATA | extra, budget)); // complete: whatever cycle is there
      if (budget.exhausted) break;
    }
    if (!budget.exhausted) searched++;
  }
  return { cycles, components: members.size, unsearched: members.size - searched };
}

/** The same cycle starting at its oldest txn, so it reads in history order where it can. */
function rotateToSmallest(c: Cycle): Cycle {
  let at = 0;
  for (let i = 1; i < c.nodes.length; i++) if (c.nodes[i]! < c.nodes[at]!) at = i;
  return { nodes: [...c.nodes.slice(at), ...c.nodes.slice(0, at)], types: [...c.types.slice(at), ...c.types.slice(0, at)] };
}
