// Which anomaly rules out which consistency model, and which engine property
// (src/sim/verdict.ts) it breaks. One table, cumulative from read-committed up
// to strict-serializable, after Elle's consistency-model graph (see docs/anomalies.md).
import type { Property } from "../../history/verdict.js";

export type ConsistencyModel = "read-committed" | "snapshot-isolation" | "serializable" | "strict-serializable";

/** Weakest first: a history ruling out one model rules out every model after it. */
export const CONSISTENCY_MODELS: readonly ConsistencyModel[] = [
  "read-committed",
  "snapshot-isolation",
  "serializable",
  "strict-serializable",
];

/** Anomalies (without a -process/-realtime suffix) and the weakest model each rules out. */
const WEAKEST_RULED_OUT: Readonly<Record<string, ConsistencyModel>> = {
  G0: "read-committed",
  G1a: "read-committed",
  G1b: "read-committed",
  G1c: "read-committed",
  "dirty-update": "read-committed",
  "garbage-read": "read-committed",
  "incompatible-order": "read-committed",
  "duplicate-elements": "read-committed",
  "future-read": "read-committed",
  "G-single": "snapshot-isolation",
  "G-nonadjacent": "snapshot-isolation",
  "lost-update": "snapshot-isolation",
  internal: "snapshot-isolation",
  "G2-item": "serializable",
};

const PROPERTY: Readonly<Record<string, Property>> = {
  G0: "write-conflict",
  "lost-update": "write-conflict",
  G1a: "atomic-visibility",
  G1b: "atomic-visibility",
  "dirty-update": "atomic-visibility",
  "garbage-read": "atomic-visibility",
  "incompatible-order": "atomic-visibility",
  "duplicate-elements": "atomic-visibility",
  G1c: "snapshot-isolation",
  "G-single": "snapshot-isolation",
  "G-nonadjacent": "snapshot-isolation",
  internal: "snapshot-isolation",
  "future-read": "snapshot-isolation",
  "G2-item": "serializability",
};

/** True for cycle names that needed process or real-time edges, e.g. "G-single-realtime". */
export function isOrderingVariant(anomaly: string): boolean {
  return anomaly.endsWith("-realtime") || anomaly.endsWith("-process");
}

/** The models an anomaly rules out, weakest first. Unknown names rule out nothing. */
export function modelsRuledOut(anomaly: string): ConsistencyModel[] {
  // Process order is contained in real-time order (a process runs one op at a
  // time), so both variants only break strict-serializable among our models.
  if (isOrderingVariant(anomaly)) return ["strict-serializable"];
  const weakest = WEAKEST_RULED_OUT[anomaly];
  if (weakest === undefined) return [];
  return CONSISTENCY_MODELS.slice(CONSISTENCY_MODELS.indexOf(weakest));
}

/** The engine property an anomaly breaks. */
export function propertyOf(anomaly: string): Property {
  if (isOrderingVariant(anomaly)) return "serializability";
  return PROPERTY[anomaly] ?? "serializability";
}

/** All anomaly names this checker can report (base names; cycles also get suffixes). */
export const KNOWN_ANOMALIES: readonly string[] = Object.keys(WEAKEST_RULED_OUT).sort();
