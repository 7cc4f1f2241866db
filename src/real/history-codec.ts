// mvsim history v1 events as int32 records, so a worker can log them into the
// shared buffer (where they survive its termination). Covers what the stress
// workload produces: integer keys and values (or null), read / write / cas /
// txn, optional txn stamps, a small table of error names. Contract:
// decode(encode(e)) deep-equals e for every event in that domain.
import type { EventType, HistoryEvent, MicroOp, TxnStamps } from "../history/events.js";

const TYPES: readonly EventType[] = ["invoke", "ok", "fail", "info"];
const FS = ["read", "write", "cas", "txn"] as const;
type CodedF = (typeof FS)[number];
/** Error names that can be logged; others are logged as "error". */
export const ERRORS: readonly string[] = ["conflict", "aborted", "arena-full", "crashed", "error", "not-found", "timeout"];
const NULL = -2147483648;
const TWO32 = 4294967296;
const HEAD = 13; // words before the micro ops

const R = 0;
const W = 1;
const CAS = 2;

/** Encodes an event; throws a RangeError naming what is outside the domain. */
export function encodeEvent(e: HistoryEvent): number[] {
  const f = FS.indexOf(e.f as CodedF);
  if (f < 0) throw new RangeError(`history codec: f "${e.f}" is not loggable`);
  const ops = opsOf(e.f as CodedF, e.value);
  const t = e.txn;
  const out = [
    e.index ?? -1, TYPES.indexOf(e.type), f, e.process, e.thread ?? -1, e.time ?? -1,
    (t ? 1 : 0) | (t?.commit !== undefined ? 2 : 0), t?.id ?? 0,
    hi(t?.start ?? 0), lo(t?.start ?? 0), hi(t?.commit ?? 0), lo(t?.commit ?? 0),
    errorCode(e.error),
  ];
  for (const op of ops) out.push(...op);
  return out;
}

export function decodeEvent(w: ArrayLike<number>): HistoryEvent {
  const f = FS[w[2]!]!;
  const flags = w[6]!;
  const ops: number[][] = [];
  for (let i = HEAD; i + 4 <= w.length; i += 4) ops.push([w[i]!, w[i + 1]!, w[i + 2]!, w[i + 3]!]);
  const txn: TxnStamps | undefined =
    flags & 1
      ? { id: w[7]!, start: join(w[8]!, w[9]!), ...(flags & 2 ? { commit: join(w[10]!, w[11]!) } : {}) }
      : undefined;
  return {
    type: TYPES[w[1]!]!,
    process: w[3]!,
    f,
    value: valueOf(f, ops),
    ...(w[0]! >= 0 ? { index: w[0]! } : {}),
    ...(w[5]! >= 0 ? { time: w[5]! } : {}),
    ...(w[4]! >= 0 ? { thread: w[4]! } : {}),
    ...(txn ? { txn } : {}),
    ...(w[12]! >= 0 ? { error: ERRORS[w[12]!]! } : {}),
  };
}

function opsOf(f: CodedF, value: unknown): number[][] {
  if (f === "txn") {
    if (!Array.isArray(value)) throw new RangeError("history codec: txn value must be a list of micro-ops");
    return (value as MicroOp[]).map(([kind, k, v]) => {
      if (kind === "append") throw new RangeError("history codec: append micro-ops are not loggable");
      return [kind === "r" ? R : W, int(k), val(v), 0];
    });
  }
  const [k, v] = value as [unknown, unknown];
  if (f === "cas") {
    const [exp, next] = v as [unknown, unknown];
    return [[CAS, int(k), val(exp), val(next)]];
  }
  return [[f === "read" ? R : W, int(k), val(v), 0]];
}

function valueOf(f: CodedF, ops: number[][]): unknown {
  if (f === "txn") return ops.map(([c, k, v]) => [c === R ? "r" : "w", k, unval(v!)]);
  const [, k, a, b] = ops[0]!;
  return f === "cas" ? [k, [unval(a!), unval(b!)]] : [k, unval(a!)];
}

function errorCode(error: string | undefined): number {
  if (error === undefined) return -1;
  const i = ERRORS.indexOf(error);
  return i >= 0 ? i : ERRORS.indexOf("error");
}

function int(x: unknown): number {
  if (typeof x !== "number" || !Number.isInteger(x) || x <= NULL || x > 0x7fffffff) {
    throw new RangeError(`history codec: ${String(x)} is not a loggable int32`);
  }
  return x;
}
function val(x: unknown): number {
  return x === null ? NULL : int(x);
}
function unval(x: number): number | null {
  return x === NULL ? null : x;
}
function hi(v: number): number {
  return Math.floor(v / TWO32) | 0;
}
function lo(v: number): number {
  return v % TWO32 | 0;
}
function join(h: number, l: number): number {
  return h * TWO32 + (l >>> 0);
}
