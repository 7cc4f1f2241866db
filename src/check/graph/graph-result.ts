// Findings → the checker's answer: one Violation per finding (with the txns,
// their events as a sub-history, and the models ruled out), per-model verdicts,
// and the verdict for the model asked about. Output order is sorted.
import type { Violation } from "../../history/verdict.js";
import { CONSISTENCY_MODELS, modelsRuledOut, orderingNeeded, propertyOf, type ConsistencyModel } from "./anomaly-table.js";
import type { GraphResult } from "./dependency-graph.js";
import { subHistory } from "./explain.js";
import type { Findings, Finding } from "./findings.js";
import type { Inference } from "./inference.js";
import { OK, txnName, type TxnTable } from "./txn-table.js";

const STATUS = ["ok", "info", "fail"] as const;

function toViolation(t: TxnTable, f: Finding): Violation {
  const txns = f.txns.map((id) => ({
    name: txnName(t, id),
    process: t.process[id]!,
    status: STATUS[t.status[id]!],
    invokeIndex: t.invokeIndex[id]!,
    completeIndex: t.endIndex[id]!,
    ops: t.ops[id]!,
  }));
  return {
    kind: f.kind,
    property: f.property ?? propertyOf(f.kind),
    step: f.step,
    threads: [...new Set(f.txns.map((id) => t.process[id]!))].sort((a, b) => a - b),
    evidence: {
      ...f.evidence,
      txns,
      subHistory: subHistory(t, f.txns),
      subHistoryNote: "the invoke and completion events of these txns alone still show the anomaly",
    },
    explanation: f.explanation,
    rulesOut: modelsRuledOut(f.kind),
  };
}

/** True when some committed txn has a micro-op that returns what it saw (a read; anything but a blind write or append). */
function observedAnything(t: TxnTable): boolean {
  for (let i = 0; i < t.count; i++) {
    if (t.status[i] === OK && t.ops[i]!.some((op) => op[0] !== "w" && op[0] !== "append")) return true;
  }
  return false;
}

interface Extra {
  readonly realtime: boolean;
  readonly process: boolean;
  readonly budgetExhausted: boolean;
  readonly stats: Record<string, number>;
}

export function assembleResult(inf: Inference, findings: Findings, model: ConsistencyModel, extra: Extra): GraphResult {
  const all = findings.list
    .map((f) => toViolation(inf.t, f))
    .sort((a, b) => a.step - b.step || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || a.explanation.localeCompare(b.explanation));
  const anomalies = [...findings.counts.keys()].sort();
  const ruledOut = new Set<ConsistencyModel>(anomalies.flatMap(modelsRuledOut));
  const reasons: string[] = [];
  if (extra.budgetExhausted) {
    const { searchSteps = 0, cyclicComponents = 0, unsearchedComponents = 0 } = extra.stats;
    reasons.push(
      `the cycle-search step budget ran out (cycleSearchSteps; ${searchSteps} steps spent) with ${unsearchedComponents} of ` +
        `${cyclicComponents} strongly connected components not fully searched; their cycles are unnamed`,
    );
  }
  // After Elle's empty-transaction-graph: with no committed read, every order
  // fits and nothing was tested (blind writes only, or every reader failed).
  if (!observedAnything(inf.t)) {
    reasons.push("no transaction observed anything: no committed transaction read a key, so no order between writes could be tested");
  }
  if (inf.inputErrors.length > 0) reasons.push(`input problems: ${inf.inputErrors.join("; ")}`);
  const models = {} as Record<ConsistencyModel, "ok" | "violation" | "unknown">;
  // Real-time paths contain process order, so with real-time edges alone a
  // session model is decided unless some -realtime cycle was found: that cycle
  // may or may not need more than process order.
  const realtimeCycle = anomalies.some((a) => a.endsWith("-realtime"));
  const missing = (m: ConsistencyModel): string | undefined => {
    const needs = orderingNeeded(m);
    if (needs.realtime && !extra.realtime) return "real-time edges were not added";
    if (needs.process && !extra.process && !extra.realtime) return "process-order edges were not added";
    if (needs.process && !extra.process && realtimeCycle) return "a -realtime cycle was found without process-order edges; whether process order alone makes it is not known (add --process-order)";
    return undefined;
  };
  for (const m of CONSISTENCY_MODELS) {
    if (ruledOut.has(m)) models[m] = "violation";
    else if (reasons.length > 0 || missing(m) !== undefined) models[m] = "unknown";
    else models[m] = "ok";
  }
  const stats = { ...extra.stats };
  for (const [kind, n] of [...findings.counts].sort()) stats[`anomaly:${kind}`] = n;
  const verdict = models[model];
  return {
    checker: `dependency-graph(${model})`,
    verdict,
    violations: all.filter((v) => v.rulesOut!.includes(model)),
    tolerated: all.filter((v) => !v.rulesOut!.includes(model)),
    anomalies,
    models,
    ...(verdict === "unknown" ? { unknownReason: reasons.join("; ") || (missing(model) ?? "") } : {}),
    stats,
  };
}
