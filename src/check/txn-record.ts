// A completed transaction as the white-box checkers see it: its stamps, its
// outcome and its reads and writes. Contract: committed = a commit stamp on an
// ok or info completion (the stamps are the engine's own word).
import type { HistoryEvent, Key, MicroOp, Value } from "../history/events.js";
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
  /** The micro-ops in program order (a single-key op is a one- or two-step txn); reads filled in when ok. */
  readonly steps: readonly MicroOp[];
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
    steps: stepsOf(op),
    invokeStep: op.invokeStep,
    completeStep: op.completeStep ?? op.invokeStep,
    events,
  };
}

/** A txn's micro-ops, or a single-key op as micro-ops (cas = read expected, then write). */
export function stepsOf(op: Op): MicroOp[] {
  const v = (op.completion ?? op.invoke).value;
  if (op.f === "txn") return Array.isArray(v) ? (v as MicroOp[]) : [];
  const [key, x] = v as [Key, Value];
  switch (op.f) {
    case "read":
      return [["r", key, x]];
    case "write":
      return [["w", key, x]];
    case "append":
      return [["append", key, x]];
    case "cas": {
      const [expected, next] = x as [Value, Value];
      return [["r", key, expected], ["w", key, next]];
    }
    default:
      return [];
  }
}

/** Equality of a read against a prediction: lists treat absent as empty. */
export function sameRead(a: Value, b: Value): boolean {
  return Array.isArray(a) || Array.isArray(b) ? listEqual(a, b) : valueEqual(a, b);
}

export function keyText(k: Key): string {
  return JSON.stringify(k);
}
