// A completed transaction as the white-box checkers see it: its stamps, its
// outcome and its reads and writes. Contract: committed = a commit stamp on an
// ok or info completion (the stamps are the engine's own word).
import type { HistoryEvent, Key, Value } from "../sim/history.js";
import { listEqual, valueEqual } from "../models/value.js";
import { type OpEffects, opEffects } from "./op-effects.js";
import { type Op, outcome } from "./op-pairing.js";

export interface TxnRecord {
  readonly id: number;
  readonly process: number;
  readonly start: number;
  readonly commit: number | undefined;
  readonly committed: boolean;
  readonly outcome: "ok" | "fail" | "info" | "open";
  readonly effects: OpEffects;
  readonly invokeStep: number;
  readonly completeStep: number;
  readonly events: readonly HistoryEvent[];
}

/** Builds the record of a txn op, or undefined when it carries no stamps. */
export function txnRecord(op: Op): TxnRecord | undefined {
  const stamps = op.completion?.txn ?? op.invoke.txn;
  if (!stamps) return undefined;
  const o = outcome(op);
  const commit = stamps.commit;
  const events = op.completion && op.completion !== op.invoke ? [op.invoke, op.completion] : [op.invoke];
  return {
    id: stamps.id,
    process: op.process,
    start: stamps.start,
    commit,
    committed: commit !== undefined && (o === "ok" || o === "info"),
    outcome: o,
    effects: opEffects(op),
    invokeStep: op.invokeStep,
    completeStep: op.completeStep ?? op.invokeStep,
    events,
  };
}

/** Equality of a read against a prediction: lists treat absent as empty. */
export function sameRead(a: Value, b: Value): boolean {
  return Array.isArray(a) || Array.isArray(b) ? listEqual(a, b) : valueEqual(a, b);
}

export function keyText(k: Key): string {
  return JSON.stringify(k);
}
