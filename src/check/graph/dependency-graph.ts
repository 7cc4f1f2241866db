// The black-box dependency-graph checker (after Elle, Kingsbury & Alvaro, VLDB
// 2020): history → txns → inferred version orders → ww/wr/rw (+ process,
// real-time) edges → SCCs → named cycles, plus the non-cycle anomalies; then
// per consistency model ok / violation / unknown. Timestamps are never trusted.
import type { HistoryEvent } from "../../history/events.js";
import type { Violation } from "../../history/verdict.js";
import type { CheckResult } from "../checker.js";
import { orderingNeeded, type ConsistencyModel } from "./anomaly-table.js";
import { findCycles } from "./cycle-plan.js";
import { StepBudget } from "./cycle-search.js";
import { EdgeList, buildCsr } from "./edge-list.js";
import { cycleFinding, edgeRecords } from "./explain.js";
import { Findings, MAX_PER_KIND } from "./findings.js";
import { assembleResult } from "./graph-result.js";
import type { Inference, InitialState } from "./inference.js";
import { findInternal } from "./internal-reads.js";
import { buildKeyIndex } from "./key-index.js";
import { inferListKey } from "./list-append.js";
import { addProcessEdges, addRealtimeEdges } from "./order-edges.js";
import { inferRegisterKey } from "./rw-register.js";
import { FAIL, OK, buildTxnTable } from "./txn-table.js";

export interface GraphOptions {
  model: ConsistencyModel;
  /** Add process-order edges; the strong-session models imply it. */
  process?: boolean;
  /** Add real-time edges (and so process edges); strict-serializable and strong-snapshot-isolation imply it. */
  realtime?: boolean;
  /** Register reads of never-written values: garbage-read (default) or the initial state. */
  initialState?: InitialState;
  /** Cycle-search budget in BFS steps (default CYCLE_SEARCH_STEPS); when spent the verdict is unknown. */
  cycleSearchSteps?: number;
}

export interface GraphResult extends CheckResult {
  /** Sorted names of every anomaly found, whether or not it rules out options.model. */
  readonly anomalies: string[];
  readonly models: Record<ConsistencyModel, "ok" | "violation" | "unknown">;
  /** Anomalies found that options.model allows (e.g. write skew under snapshot isolation). */
  readonly tolerated: readonly Violation[];
}

/** Cycle-search work allowed per check, in BFS steps (node visits + edge scans). */
export const CYCLE_SEARCH_STEPS = 20_000_000;

export function checkDependencyGraph(history: readonly HistoryEvent[], options: GraphOptions): GraphResult {
  const t = buildTxnTable(history);
  const keys = buildKeyIndex(t);
  const edges = new EdgeList();
  const findings = new Findings();
  const inf: Inference = {
    t,
    keys,
    edges,
    findings,
    witness: new Int32Array(keys.keys.length).fill(-1),
    inputErrors: [...t.inputErrors],
    initialState: options.initialState ?? "garbage",
  };
  for (let k = 0; k < keys.keys.length; k++) {
    if (keys.isList[k]) inferListKey(inf, k);
    else inferRegisterKey(inf, k);
  }
  findInternal(t, findings);
  const dataEdges = edges.length;
  // As Elle: real-time edges without process edges (their paths already hold
  // process order), so cycles through either are named -realtime.
  const needs = orderingNeeded(options.model);
  const useRealtime = options.realtime === true || needs.realtime;
  const useProcess = options.process === true || needs.process;
  if (useProcess) addProcessEdges(t, edges);
  if (useRealtime) addRealtimeEdges(t, edges);
  const g = buildCsr(t.count, edges);

  const steps = options.cycleSearchSteps ?? CYCLE_SEARCH_STEPS;
  const budget = new StepBudget(steps);
  const report = findCycles(g, useProcess, useRealtime, budget, MAX_PER_KIND);
  const records = edgeRecords(edges, report.cycles);
  for (const nc of report.cycles) findings.add(cycleFinding(inf, edges, records, nc));

  let committed = 0;
  let failed = 0;
  for (let i = 0; i < t.count; i++) {
    if (t.status[i] === OK) committed++;
    else if (t.status[i] === FAIL) failed++;
  }
  const stats: Record<string, number> = {
    txns: t.count,
    committed,
    failed,
    indeterminate: t.count - committed - failed,
    keys: keys.keys.length,
    dataEdges,
    orderingEdges: edges.length - dataEdges,
    graphEdges: g.tgt.length,
    cyclicComponents: report.components,
    unsearchedComponents: report.unsearched,
    searchSteps: steps - Math.max(0, budget.left),
  };
  return assembleResult(inf, findings, options.model, {
    realtime: useRealtime,
    process: useProcess,
    budgetExhausted: budget.exhausted,
    stats,
  });
}
