// What an operation read and wrote, as flat lists, from its events. Contract:
// reads come from the completion (only an ok op's reads are known); writes come
// from the completion when present, else the invocation (they are the same).
import type { HistoryEvent, Key, MicroOp, Value } from "../history/events.js";
import type { Effect } from "../models/mvcc-reference.js";
import type { Op } from "./op-pairing.js";

export interface ReadOf {
  readonly key: Key;
  readonly value: Value;
  /** Position of the micro-op inside a txn (0 for single ops). */
  readonly at: number;
  /** The txn wrote this key before reading it. */
  readonly afterOwnWrite: boolean;
}

export interface WriteOf {
  readonly key: Key;
  readonly effect: Effect;
  readonly at: number;
}

export interface OpEffects {
  readonly reads: ReadOf[];
  readonly writes: WriteOf[];
}

function microOps(e: HistoryEvent): readonly MicroOp[] {
  return Array.isArray(e.value) ? (e.value as MicroOp[]) : [];
}

/** Effects of a txn or single-key op. `okReads` = whether reads are known (an ok completion). */
export function opEffects(op: Op): OpEffects {
  const done = op.completion ?? op.invoke;
  const okReads = op.completion?.type === "ok";
  const reads: ReadOf[] = [];
  const writes: WriteOf[] = [];
  const pair = done.value as readonly [Key, unknown];
  switch (op.f) {
    case "txn": {
      const written = new Set<Key>();
      microOps(done).forEach(([kind, key, value], at) => {
        if (kind === "r") {
          if (okReads) reads.push({ key, value, at, afterOwnWrite: written.has(key) });
        } else {
          written.add(key);
          writes.push({ key, at, effect: kind === "w" ? { kind: "write", value } : { kind: "append", element: value } });
        }
      });
      break;
    }
    case "read":
      if (okReads) reads.push({ key: pair[0], value: pair[1] as Value, at: 0, afterOwnWrite: false });
      break;
    case "write":
      writes.push({ key: pair[0], at: 0, effect: { kind: "write", value: pair[1] as Value } });
      break;
    case "append":
      writes.push({ key: pair[0], at: 0, effect: { kind: "append", element: pair[1] as Value } });
      break;
    case "cas": {
      const [expected, next] = pair[1] as [Value, Value];
      if (okReads) reads.push({ key: pair[0], value: expected, at: 0, afterOwnWrite: false });
      writes.push({ key: pair[0], at: 0, effect: { kind: "write", value: next } });
      break;
    }
    default:
      break;
  }
  return { reads, writes };
}
