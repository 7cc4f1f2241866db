// Which anomaly rules out which consistency model, and which engine property
// (src/history/verdict.ts) it breaks. Encodes Elle's two relations as data: an
// anomaly implies weaker ones (G0 ⇒ G1c ⇒ G1, G-single ⇒ G-nonadjacent ⇒
// G2-item, X ⇒ X-process ⇒ X-realtime) and each model proscribes a set.
import type { Property } from "../../history/verdict.js";

export type ConsistencyModel =
  | "read-committed"
  | "snapshot-isolation"
  | "strong-session-snapshot-isolation"
  | "strong-snapshot-isolation"
  | "serializable"
  | "strong-session-serializable"
  | "strict-serializable";

/** A topological order, weakest first (the order is partial: SI and serializable are not nested with the strong SIs). */
export const CONSISTENCY_MODELS: readonly ConsistencyModel[] = [
  "read-committed",
  "snapshot-isolation",
  "strong-session-snapshot-isolation",
  "strong-snapshot-isolation",
  "serializable",
  "strong-session-serializable",
  "strict-serializable",
];

/** The ordering edges a model's verdict needs: process order (session models) or real time. */
export function orderingNeeded(m: ConsistencyModel): { process: boolean; realtime: boolean } {
  return {
    process: m === "strong-session-snapshot-isolation" || m === "strong-session-serializable",
    realtime: m === "strong-snapshot-isolation" || m === "strict-serializable",
  };
}

/** Anomaly ⇒ the anomalies it also is (Elle's implied-anomalies, for our item-level names). */
const IMPLIES: Readonly<Record<string, readonly string[]>> = {
  G0: ["G1c", "G0-process"],
  "G0-process": ["G1c-process", "G0-realtime"],
  "G0-realtime": ["G1c-realtime"],
  G1a: ["G1"],
  G1b: ["G1"],
  G1c: ["G1", "G1c-process"],
  "G1c-process": ["G1c-realtime", "G1-process"],
  "G1c-realtime": ["G1-realtime"],
  G1: ["G1-process"],
  "G1-process": ["G1-realtime"],
  // Our cycles are over items (no predicates): G-single is Elle's G-single-item.
  "G-single": ["G-nonadjacent", "G-single-process"],
  "G-single-process": ["G-nonadjacent-process", "G-single-realtime"],
  "G-single-realtime": ["G-nonadjacent-realtime"],
  "G-nonadjacent": ["G2-item", "G-nonadjacent-process"],
  "G-nonadjacent-process": ["G2-item-process", "G-nonadjacent-realtime"],
  "G-nonadjacent-realtime": ["G2-item-realtime"],
  "G2-item": ["G2", "G2-item-process"],
  "G2-item-process": ["G2-process", "G2-item-realtime"],
  "G2-item-realtime": ["G2-realtime"],
  G2: ["G2-process"],
  "G2-process": ["G2-realtime"],
  "incompatible-order": ["G1a"],
  "dirty-update": ["G1a"],
  "future-read": ["G1c"],
  "lost-update": ["G2-item"],
  // Ours, not Elle's: a read of a value nobody wrote saw state that never committed.
  "garbage-read": ["G1a"],
};

const READ_COMMITTED = ["G0", "G1", "duplicate-elements", "cyclic-versions"];
const SNAPSHOT_ISOLATION = [...READ_COMMITTED, "internal", "G-nonadjacent", "lost-update", "future-read"];
const STRONG_SESSION_SI = [...SNAPSHOT_ISOLATION, "G1-process", "G-nonadjacent-process"];
const SERIALIZABLE = [...SNAPSHOT_ISOLATION, "G2"];

/** Every anomaly (after implication) each model forbids, models it implies included. */
const PROSCRIBED: Readonly<Record<ConsistencyModel, ReadonlySet<string>>> = {
  "read-committed": new Set(READ_COMMITTED),
  "snapshot-isolation": new Set(SNAPSHOT_ISOLATION),
  "strong-session-snapshot-isolation": new Set(STRONG_SESSION_SI),
  "strong-snapshot-isolation": new Set([...STRONG_SESSION_SI, "G1-realtime", "G-nonadjacent-realtime"]),
  serializable: new Set(SERIALIZABLE),
  "strong-session-serializable": new Set([...SERIALIZABLE, ...STRONG_SESSION_SI, "G2-process"]),
  "strict-serializable": new Set([...SERIALIZABLE, ...STRONG_SESSION_SI, "G2-process", "G1-realtime", "G-nonadjacent-realtime", "G2-realtime"]),
};

/** The anomaly and everything it implies (Elle's all-implied-anomalies). */
export function implied(anomaly: string): Set<string> {
  const out = new Set<string>([anomaly]);
  const todo = [anomaly];
  while (todo.length > 0) for (const b of IMPLIES[todo.pop()!] ?? []) if (!out.has(b)) out.add(b), todo.push(b);
  return out;
}

const PROPERTY: Readonly<Record<string, Property>> = {
  G0: "write-conflict",
  "lost-update": "write-conflict",
  G1a: "atomic-visibility",
  G1b: "atomic-visibility",
  "dirty-update": "atomic-visibility",
  "garbage-read": "atomic-visibility",
  "incompatible-order": "atomic-visibility",
  "duplicate-elements": "atomic-visibility",
  "cyclic-versions": "atomic-visibility",
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

const RULED_OUT = new Map<string, ConsistencyModel[]>();

/** The models an anomaly rules out, weakest first. Unknown names rule out nothing. */
export function modelsRuledOut(anomaly: string): ConsistencyModel[] {
  let out = RULED_OUT.get(anomaly);
  if (out === undefined) {
    const all = [...implied(anomaly)];
    out = CONSISTENCY_MODELS.filter((m) => all.some((a) => PROSCRIBED[m].has(a)));
    RULED_OUT.set(anomaly, out);
  }
  return out;
}

/** The engine property an anomaly breaks. */
export function propertyOf(anomaly: string): Property {
  if (isOrderingVariant(anomaly)) return "serializability";
  return PROPERTY[anomaly] ?? "serializability";
}

/** All anomaly names this checker can report (base names; cycles also get suffixes). */
export const KNOWN_ANOMALIES: readonly string[] = Object.keys(PROPERTY).sort();
