// Which checkers a history calls for, from the model asked and the events it
// holds: the graph checker for isolation models, WGL for linearizable or when
// single-key ops exist, white-box SI when txns carry stamps, and the
// system-event checkers when their events exist.
import { type HistoryEvent, SYSTEM_PROCESS } from "../history/events.js";
import type { Visibility } from "../models/visibility.js";
import type { CheckResult, Checker } from "./checker.js";
import { DurabilityChecker } from "./durability.js";
import { CONSISTENCY_MODELS, type ConsistencyModel, dependencyGraphChecker } from "./graph/index.js";
import type { InitialState } from "./graph/inference.js";
import { LinearizabilityChecker, type LinearizabilityOptions } from "./linearizability.js";
import { finishInWorkers } from "./linearizability-parallel.js";
import { LivenessChecker } from "./liveness.js";
import { ReclamationChecker } from "./reclamation.js";
import { SnapshotIsolationChecker } from "./snapshot-isolation.js";

export type CheckModel = ConsistencyModel | "linearizable";
export const CHECK_MODELS: readonly CheckModel[] = [...CONSISTENCY_MODELS, "linearizable"];

export interface PlanOptions {
  /** Absent: snapshot-isolation when the history has txns, else linearizable. */
  readonly model?: CheckModel;
  readonly maxStatesPerKey?: number;
  /** The linearizability checker's other options (memory budget, all keys, minimize). */
  readonly linearizability?: Omit<LinearizabilityOptions, "maxStatesPerKey">;
  readonly livenessBoundUs?: number;
  readonly garbageVersionsMax?: number;
  readonly visibility?: Visibility;
  readonly sessionOrder?: boolean;
  /** Dependency graph: add process-order edges whatever the model (the strong-session models always do). */
  readonly processOrder?: boolean;
  /** Dependency graph: register reads of never-written values are garbage (default) or the initial state. */
  readonly initialState?: InitialState;
  /**
   * A history in which no committed txn read anything: "unknown" (Elle's empty
   * transaction graph; what `mvsim check` says) or "skip" the graph and name it
   * in `skipped` (a simulated seed, e.g. one whose only txn crashed, tested
   * nothing about isolation; its other checkers still decide).
   */
  readonly whenNothingObserved?: "unknown" | "skip";
}

export interface Plan {
  readonly model: CheckModel;
  readonly checkers: readonly Checker[];
  /** Checkers not run, and why (for the reader of a report). */
  readonly skipped: readonly string[];
}

const RECLAMATION_F = new Set(["use-after-free", "gc-drop", "memory", "snapshot-open"]);

export function planCheckers(events: readonly HistoryEvent[], o: PlanOptions = {}): Plan {
  let txns = false;
  let stamps = false;
  let singles = false;
  let observed = false;
  const system = new Set<string>();
  for (const e of events) {
    if (e.process === SYSTEM_PROCESS) system.add(e.f);
    else if (e.f === "txn") {
      txns = true;
      stamps ||= e.txn !== undefined;
      observed ||= e.type === "ok" && Array.isArray(e.value) && e.value.some((op) => Array.isArray(op) && op[0] === "r");
    } else {
      singles = true;
      observed ||= e.type === "ok" && (e.f === "read" || e.f === "cas");
    }
  }
  const model: CheckModel = o.model ?? (txns || !singles ? "snapshot-isolation" : "linearizable");
  const checkers: Checker[] = [];
  const skipped: string[] = [];
  // With no committed read the graph can only say unknown (Elle's empty
  // transaction graph). Where txns carry stamps the white-box checker decides
  // instead, so the graph is left out rather than making the run unknown.
  if (model !== "linearizable" && !observed && stamps) {
    skipped.push("dependency graph: no committed read to infer an order from; the white-box snapshot-isolation checker (stamps) decides");
  } else if (model !== "linearizable" && !observed && o.whenNothingObserved === "skip") {
    skipped.push("dependency graph: no committed transaction read anything, so no order between writes could be tested");
  } else if (model !== "linearizable") {
    checkers.push(dependencyGraphChecker({ model, ...(o.processOrder === true ? { process: true } : {}), ...(o.initialState === undefined ? {} : { initialState: o.initialState }) }));
  }
  // Single-key ops outside txns are promised linearizable whatever the isolation model.
  if (model === "linearizable" || singles) checkers.push(new LinearizabilityChecker({ ...o.linearizability, ...(o.maxStatesPerKey === undefined ? {} : { maxStatesPerKey: o.maxStatesPerKey }) }));
  const visibility = o.visibility ?? "strict";
  if (stamps) checkers.push(new SnapshotIsolationChecker({ visibility, sessionOrder: o.sessionOrder ?? false }));
  else if (txns) skipped.push("white-box snapshot isolation: no txn carries start/commit stamps");
  if ([...system].some((f) => RECLAMATION_F.has(f))) checkers.push(new ReclamationChecker({ visibility, ...(o.garbageVersionsMax === undefined ? {} : { garbageVersionsMax: o.garbageVersionsMax }) }));
  else skipped.push("reclamation: no use-after-free, gc-drop, snapshot-open or memory events");
  if (system.has("power-loss")) checkers.push(new DurabilityChecker());
  else skipped.push("durability: no power-loss event");
  if (system.has("faults-stop")) checkers.push(new LivenessChecker(o.livenessBoundUs === undefined ? {} : { boundUs: o.livenessBoundUs }));
  else skipped.push("liveness: no faults-stop event");
  return { model, checkers, skipped };
}

/** Feeds every event to every checker, in order, then finishes them all. */
export function runPlan(plan: Plan, events: readonly HistoryEvent[]): CheckResult[] {
  for (const e of events) for (const c of plan.checkers) c.onEvent(e);
  return plan.checkers.map((c) => c.finish());
}

/** runPlan, with the linearizability checker's keys on `linearizabilityWorkers` threads (same result). */
export async function runPlanAsync(plan: Plan, events: readonly HistoryEvent[], o: { linearizabilityWorkers?: number } = {}): Promise<CheckResult[]> {
  for (const e of events) for (const c of plan.checkers) c.onEvent(e);
  const workers = o.linearizabilityWorkers ?? 1;
  return Promise.all(plan.checkers.map((c) => (c instanceof LinearizabilityChecker && workers > 1 ? finishInWorkers(c, { workers }) : c.finish())));
}
