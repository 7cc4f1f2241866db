// Public entry of the black-box dependency-graph checker: the one-shot
// analysis and a streaming Checker that buffers events and analyses in finish().
import type { HistoryEvent } from "../../history/events.js";
import type { Property } from "../../history/verdict.js";
import type { Checker } from "../checker.js";
import type { ConsistencyModel } from "./anomaly-table.js";
import { checkDependencyGraph, type GraphOptions, type GraphResult } from "./dependency-graph.js";

export type { ConsistencyModel } from "./anomaly-table.js";
export { CONSISTENCY_MODELS, modelsRuledOut, propertyOf } from "./anomaly-table.js";
export { checkDependencyGraph, type GraphOptions, type GraphResult } from "./dependency-graph.js";

const PROPERTY_OF_MODEL: Record<ConsistencyModel, Property> = {
  "read-committed": "atomic-visibility",
  "snapshot-isolation": "snapshot-isolation",
  "strong-session-snapshot-isolation": "snapshot-isolation",
  "strong-snapshot-isolation": "snapshot-isolation",
  serializable: "serializability",
  "strong-session-serializable": "serializability",
  "strict-serializable": "serializability",
};

export function dependencyGraphChecker(options: GraphOptions): Checker & { finish(): GraphResult } {
  const events: HistoryEvent[] = [];
  return {
    name: `dependency-graph(${options.model})`,
    property: PROPERTY_OF_MODEL[options.model],
    onEvent(event: HistoryEvent) {
      events.push(event);
      return undefined; // a cycle is only certain once the whole history is in
    },
    finish() {
      return checkDependencyGraph(events, options);
    },
  };
}
