// History events → transactions: pairs each invoke with its process's next
// completion, turns single-key ops into one-op transactions (a cas into a read
// of the expected value then a write of the new one), and keeps integer ids
// (invoke order), status, indices and the original events for evidence.
import { SYSTEM_PROCESS, type HistoryEvent, type MicroOp, type Value } from "../../history/events.js";
import { txnId } from "../../history/ids.js";

export const OK = 0;
export const INFO = 1;
export const FAIL = 2;
export type TxnStatus = typeof OK | typeof INFO | typeof FAIL;

/** One row per transaction; id = position in these arrays (invoke order). */
export interface TxnTable {
  readonly count: number;
  readonly status: Uint8Array;
  readonly process: Int32Array;
  /** History index of the invoke event. */
  readonly invokeIndex: Int32Array;
  /** History index of the completion; -1 when the history ended without one. */
  readonly completeIndex: Int32Array;
  /** History index of the completion event of any type (ok, fail, info); -1 if none. */
  readonly endIndex: Int32Array;
  /** ok: the completion's micro-ops (reads filled in); info/fail: the invoke's. */
  readonly ops: readonly (readonly MicroOp[])[];
  readonly invokeEvent: readonly HistoryEvent[];
  readonly completeEvent: readonly (HistoryEvent | undefined)[];
  /** One line per event that could not be read as a transaction. */
  readonly inputErrors: readonly string[];
}

const MICRO_FS = new Set(["r", "w", "append"]);

function isKey(k: unknown): k is number | string {
  return typeof k === "number" || typeof k === "string";
}

/** The micro-ops of a client op, or an error message naming what was expected. */
export function microOpsOf(f: string, value: unknown): readonly MicroOp[] | string {
  if (f === "txn") {
    if (!Array.isArray(value)) return `expected a txn value [[f, key, value], ...], got ${brief(value)}`;
    for (const op of value as unknown[]) {
      if (!Array.isArray(op) || op.length !== 3 || !MICRO_FS.has(op[0] as string) || !isKey(op[1])) {
        return `expected a micro-op ["r"|"w"|"append", key, value], got ${brief(op)}`;
      }
    }
    return value as MicroOp[];
  }
  if (f === "cas") {
    // Succeeded: it read `expected` and wrote `next`, in that order. Failed: it
    // read something else, which we do not know, so the txn counts as failed
    // (nothing it did is evidence) and its write is refused.
    if (!Array.isArray(value) || value.length !== 2 || !isKey(value[0]) || !Array.isArray(value[1]) || value[1].length !== 2) {
      return `expected a cas value [key, [expected, new]], got ${brief(value)}`;
    }
    const [expected, next] = value[1] as [Value, Value];
    // On a list, a cas from L to L + [e] is a read of L and then an append of e.
    if (Array.isArray(next) && (expected === null || Array.isArray(expected)) && next.length === (expected?.length ?? 0) + 1) {
      const prefix = (expected as Value[] | null) ?? [];
      if (prefix.every((x, i) => JSON.stringify(x) === JSON.stringify(next[i]))) {
        return [["r", value[0], expected] as MicroOp, ["append", value[0], next[next.length - 1]!] as MicroOp];
      }
    }
    return [["r", value[0], expected] as MicroOp, ["w", value[0], next] as MicroOp];
  }
  const mf = f === "read" ? "r" : f === "write" ? "w" : f === "append" ? "append" : undefined;
  if (mf === undefined) return `unsupported op f "${f}" (expected txn, read, write, cas or append)`;
  if (!Array.isArray(value) || value.length !== 2 || !isKey(value[0])) {
    return `expected a ${f} value [key, value], got ${brief(value)}`;
  }
  return [[mf, value[0], value[1]] as MicroOp];
}

function brief(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

const MAX_INPUT_ERRORS = 20;

export function buildTxnTable(history: readonly HistoryEvent[]): TxnTable {
  const status: number[] = [];
  const process: number[] = [];
  const invokeIndex: number[] = [];
  const completeIndex: number[] = [];
  const endIndex: number[] = [];
  const ops: (readonly MicroOp[])[] = [];
  const invokeEvent: HistoryEvent[] = [];
  const completeEvent: (HistoryEvent | undefined)[] = [];
  const inputErrors: string[] = [];
  let errorCount = 0;
  const error = (at: number, msg: string): void => {
    errorCount++;
    if (inputErrors.length < MAX_INPUT_ERRORS) inputErrors.push(`event ${at}: ${msg}`);
  };
  // invariant: pending.get(p) is the id of p's invoked, not yet completed txn.
  const pending = new Map<number, number>();

  for (let i = 0; i < history.length; i++) {
    const e = history[i]!;
    if (e.process === SYSTEM_PROCESS) continue;
    const at = e.index ?? i;
    if (e.type === "invoke") {
      if (pending.has(e.process)) error(at, `process ${e.process} invoked again before its previous op completed`);
      const parsed = microOpsOf(e.f, e.value);
      if (typeof parsed === "string") {
        error(at, parsed);
        pending.delete(e.process);
        continue;
      }
      const id = status.length;
      status.push(INFO); // until a completion says otherwise
      process.push(e.process);
      invokeIndex.push(at);
      completeIndex.push(-1);
      endIndex.push(-1);
      ops.push(parsed);
      invokeEvent.push(e);
      completeEvent.push(undefined);
      pending.set(e.process, id);
      continue;
    }
    const id = pending.get(e.process);
    if (id === undefined) {
      if (e.f === "txn" || e.f === "read" || e.f === "write" || e.f === "append" || e.f === "cas") {
        error(at, `${e.type} on process ${e.process} without a pending invoke`);
      }
      continue;
    }
    pending.delete(e.process);
    completeEvent[id] = e;
    endIndex[id] = at;
    if (e.type === "ok") {
      const parsed = microOpsOf(e.f, e.value);
      if (typeof parsed === "string" || parsed.length !== ops[id]!.length) {
        error(at, typeof parsed === "string" ? parsed : "expected the completion to carry the invoke's micro-ops");
        status[id] = INFO;
        continue;
      }
      status[id] = OK;
      completeIndex[id] = at;
      ops[id] = parsed;
    } else if (e.type === "fail") {
      status[id] = FAIL;
      completeIndex[id] = at;
    } else {
      status[id] = INFO; // indeterminate: may or may not have committed
    }
  }
  if (errorCount > inputErrors.length) inputErrors.push(`... and ${errorCount - inputErrors.length} more`);
  return {
    count: status.length,
    status: Uint8Array.from(status),
    process: Int32Array.from(process),
    invokeIndex: Int32Array.from(invokeIndex),
    completeIndex: Int32Array.from(completeIndex),
    endIndex: Int32Array.from(endIndex),
    ops,
    invokeEvent,
    completeEvent,
    inputErrors,
  };
}

/** A person's name for a txn: T + the history index of its invoke (src/history/ids.ts). */
export function txnName(t: TxnTable, id: number): string {
  return txnId(t.invokeIndex[id]!);
}
