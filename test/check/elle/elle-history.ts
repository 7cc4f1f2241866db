// Writes Elle's test histories in Elle's own shorthand: "ax1ry12" is append 1
// to x then read x = [1 2]; "wx1rx_" is write x = 1 then read x = nil. Events
// are ordered by a list like Elle's ("t1 t2 t2' t1'": invokes, then ' for completions).
import type { EventType, HistoryEvent, MicroOp, Value } from "../../../src/history/events.js";

export interface TxnSpec {
  /** Elle's op string. */
  readonly ops: string;
  /** Completion type (default ok). */
  readonly type?: Exclude<EventType, "invoke">;
  /** Process (default: the txn's position, so every txn has its own). */
  readonly p?: number;
}

/** Parses Elle's shorthand; `list`: reads are lists ("rx12" = [1 2], "rx" = nil), else registers ("rx_" = nil). */
export function microOps(s: string, list: boolean): MicroOp[] {
  const ops: [string, string, Value][] = [];
  for (let i = 0; i < s.length; ) {
    const f = s[i++]!;
    const key = s[i++]!;
    if (f !== "a" && f !== "r" && f !== "w") throw new Error(`bad op ${s} at ${i - 2}`);
    let digits = "";
    while (i < s.length && /[0-9_]/.test(s[i]!)) digits += s[i++]!;
    if (f === "a") ops.push(["append", key, Number(digits)]);
    else if (f === "w") ops.push(["w", key, Number(digits)]);
    else if (list) ops.push(["r", key, digits === "" ? null : [...digits].map(Number)]);
    else ops.push(["r", key, digits === "_" || digits === "" ? null : Number(digits)]);
  }
  return ops as unknown as MicroOp[];
}

/**
 * Events for the txns, in `order` ("t1 t2 t1' t2'", 1-based; default: every
 * invoke, then every completion, so no txn precedes another in real time).
 */
export function elleHistory(kind: "list" | "register", txns: readonly TxnSpec[], order?: string): HistoryEvent[] {
  const steps = order?.trim().split(/\s+/) ?? [...txns.map((_, i) => `t${i + 1}`), ...txns.map((_, i) => `t${i + 1}'`)];
  return steps.map((step, index) => {
    const m = /^t(\d+)(')?$/.exec(step);
    if (m === null) throw new Error(`bad step ${step}`);
    const i = Number(m[1]) - 1;
    const spec = txns[i]!;
    const ops = microOps(spec.ops, kind === "list");
    const type: EventType = m[2] === undefined ? "invoke" : (spec.type ?? "ok");
    const value = ops.map((o) => (o[0] === "r" && type !== "ok" ? ["r", o[1], null] : [...o])) as MicroOp[];
    return { type, process: spec.p ?? i, f: "txn", value, index };
  });
}
