// A client thread: runs its planned operations against a session and records
// each as invoke then ok / fail / info, Jepsen style. Register values are
// decimal strings in the store; list-append keys hold comma-separated lists.
// Contract: an op is recorded ok only after the store acknowledged it; an
// error the target classifies ends it fail or info; anything else is rethrown.
import type { Gen } from "../engine/ports.js";
import type { HistoryEvent, MicroOp, TxnStamps, Value } from "../history/events.js";
import type { EventInput } from "../sim/recorder.js";
import type { KvSession, KvTarget, KvTxn } from "./target.js";
import type { PlannedOp } from "./workload.js";

export interface ClientContext {
  readonly target: KvTarget;
  /** Logical Jepsen process of this client right now. */
  process(): number;
  readonly thread: number;
  record(e: EventInput): HistoryEvent;
  /** Waits between a transaction's micro-ops (the workload's think time); absent: no wait. */
  think?(): Gen<void>;
  /** An info outcome the target blamed on its own resource limit (ErrorOutcome.limit). */
  limitReached?(info: HistoryEvent): void;
  /** Called around each op so crash handling can close it as info. */
  opened(invoke: HistoryEvent): void;
  closed(): void;
}

export const keyName = (k: number | string): string => `k${k}`;

function decode(raw: string | null, list: boolean): Value {
  if (raw === null) return list ? [] : null;
  if (list) return raw === "" ? [] : raw.split(",").map(Number);
  return Number(raw);
}

/** Runs `plan` from `start`; returns the index of the next op to run. */
export function* runClient(ctx: ClientContext, session: KvSession, plan: readonly PlannedOp[], start: number, list: boolean): Gen<number> {
  const lastRead = new Map<string, string | null>();
  for (let i = start; i < plan.length; i++) {
    const op = plan[i]!;
    const invoke = ctx.record({ type: "invoke", process: ctx.process(), f: op.f, value: invokeValue(op, lastRead), thread: ctx.thread });
    ctx.opened(invoke);
    try {
      const performed = yield* perform(session, op, list, lastRead, ctx.think?.bind(ctx));
      const stamps = op.f === "txn" || performed.type !== "ok" ? undefined : session.lastStamps?.();
      const done = stamps ? { ...performed, txn: stamps } : performed;
      ctx.record({ type: done.type, process: ctx.process(), f: op.f, value: done.value, thread: ctx.thread, ...(done.txn ? { txn: done.txn } : {}), ...(done.error ? { error: done.error } : {}) });
    } catch (e) {
      const outcome = ctx.target.classify(e);
      if (!outcome) throw e;
      const ended = ctx.record({ type: outcome.type, process: ctx.process(), f: op.f, value: invoke.value, thread: ctx.thread, error: outcome.reason });
      if (outcome.type === "info" && outcome.limit !== undefined) ctx.limitReached?.(ended);
    }
    ctx.closed();
  }
  return plan.length;
}

interface Done {
  readonly type: "ok" | "fail";
  readonly value: unknown;
  readonly txn?: TxnStamps;
  readonly error?: string;
}

function invokeValue(op: PlannedOp, lastRead: Map<string, string | null>): unknown {
  switch (op.f) {
    case "txn":
      // An append is a read-modify-write here: its read is recorded like any other.
      return op.ops.flatMap((m): MicroOp[] => (m[0] === "r" ? [["r", m[1], null]] : m[0] === "append" ? [["r", m[1], null], m] : [m]));
    case "read":
      return [op.key, null];
    case "write":
    case "append":
      return [op.key, op.value];
    case "cas": {
      const seen = lastRead.get(keyName(op.key)) ?? null;
      return [op.key, [seen === null ? null : Number(seen), op.value]];
    }
  }
}

function* perform(s: KvSession, op: PlannedOp, list: boolean, lastRead: Map<string, string | null>, think?: () => Gen<void>): Gen<Done> {
  switch (op.f) {
    case "read": {
      const raw = yield* s.get(keyName(op.key));
      lastRead.set(keyName(op.key), raw);
      return { type: "ok", value: [op.key, decode(raw, list)] };
    }
    case "write":
      yield* s.put(keyName(op.key), String(op.value));
      return { type: "ok", value: [op.key, op.value] };
    case "cas": {
      const expected = lastRead.get(keyName(op.key)) ?? null;
      const ok = yield* s.cas(keyName(op.key), expected, String(op.value));
      if (ok) lastRead.set(keyName(op.key), String(op.value));
      const value = [op.key, [expected === null ? null : Number(expected), op.value]];
      return ok ? { type: "ok", value } : { type: "fail", value, error: "cas-mismatch" };
    }
    case "append": {
      // A linearizable single-key append: read, then cas the extended list.
      for (;;) {
        const raw = yield* s.get(keyName(op.key));
        const next = raw === null || raw === "" ? String(op.value) : `${raw},${op.value}`;
        if (yield* s.cas(keyName(op.key), raw, next)) return { type: "ok", value: [op.key, op.value] };
      }
    }
    case "txn": {
      const txn = yield* s.begin();
      try {
        return yield* runTxn(txn, op.ops, list, think);
      } catch (e) {
        // A conflict dooms the txn; release its snapshot and versions before reporting.
        yield* txn.abort();
        throw e;
      }
    }
  }
}

function* runTxn(txn: KvTxn, ops: readonly MicroOp[], list: boolean, think?: () => Gen<void>): Gen<Done> {
  const done: MicroOp[] = [];
  for (const [i, m] of ops.entries()) {
    if (i > 0 && think) yield* think();
    const key = keyName(m[1]);
    if (m[0] === "r") {
      done.push(["r", m[1], decode(yield* txn.get(key), list)]);
    } else if (m[0] === "w") {
      yield* txn.put(key, String(m[2]));
      done.push(m);
    } else {
      const raw = yield* txn.get(key);
      done.push(["r", m[1], decode(raw, list)]);
      yield* txn.put(key, raw === null || raw === "" ? String(m[2]) : `${raw},${m[2]}`);
      done.push(m);
    }
  }
  const commit = yield* txn.commit();
  return { type: "ok", value: done, txn: { id: txn.id, start: txn.startTs, commit } };
}
