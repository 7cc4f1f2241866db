// Explains why a transaction's read differs from the MVCC reference: a
// fractured read (atomic visibility), a stale or future read, a read of an
// aborted, uncommitted or intermediate write, an own write not seen, or a
// value nobody wrote.
import type { Key, Value } from "../history/events.js";
import type { Property } from "../history/verdict.js";
import { txnId } from "../history/ids.js";
import type { MvccReference, Version } from "../models/mvcc-reference.js";
import { showValue, valueKey } from "../models/value.js";
import { keyText, sameRead, type TxnRecord } from "./txn-record.js";

export interface Divergence {
  readonly kind: string;
  readonly property: Property;
  readonly key: Key;
  readonly read: Value;
  readonly expected: Value;
  readonly expectedFrom: Version | null;
  readonly observedFrom: Version | null | undefined;
  /** Txn ids whose events belong in the sub-history. */
  readonly involved: readonly number[];
  readonly explanation: string;
}

export interface DivergenceContext {
  readonly ref: MvccReference;
  readonly txns: ReadonlyMap<number, TxnRecord>;
  /** key -> value -> id of a txn that wrote it and did not commit. */
  readonly uncommitted: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** key -> value -> id of a committed txn that wrote it and then overwrote it itself. */
  readonly intermediate: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/** A txn's name everywhere: T<invoke index> (src/history/ids.ts); the engine's id only when no record has it. */
const nameOf = (ctx: DivergenceContext, engineId: number): string => {
  const t = ctx.txns.get(engineId);
  return t ? txnId(t.invokeStep) : `engine txn ${engineId}`;
};
const whoIn = (ctx: DivergenceContext, v: Version | null | undefined): string => (v ? `${nameOf(ctx, v.txn)} (committed at ${v.commit})` : "the initial state");

/** The version T observed on `key`, null for the initial state, undefined if no committed version matches. */
function observed(ctx: DivergenceContext, key: Key, value: Value): Version | null | undefined {
  const v = ctx.ref.findByValue(key, (x) => sameRead(x, value));
  if (v) return v;
  return value === null || (Array.isArray(value) && value.length === 0) ? null : undefined;
}

/** A txn W that T saw on one key but missed on another key W also wrote. */
function fractured(ctx: DivergenceContext, t: TxnRecord): { w: TxnRecord; seenKey: Key; missedKey: Key; missedFrom: Version | null } | undefined {
  const seen = new Map<string, { key: Key; from: Version | null | undefined }>();
  for (const r of t.effects.reads) if (!r.afterOwnWrite) seen.set(valueKey(r.key), { key: r.key, from: observed(ctx, r.key, r.value) });
  for (const { key, from } of seen.values()) {
    if (!from) continue;
    const w = ctx.txns.get(from.txn);
    if (!w) continue;
    for (const wr of w.effects.writes) {
      const other = seen.get(valueKey(wr.key));
      if (!other || valueKey(wr.key) === valueKey(key) || other.from === undefined) continue;
      if (other.from === null || other.from.commit < from.commit) return { w, seenKey: key, missedKey: wr.key, missedFrom: other.from };
    }
  }
  return undefined;
}

export function explainDivergence(
  ctx: DivergenceContext,
  t: TxnRecord,
  read: { key: Key; value: Value; afterOwnWrite: boolean },
  expected: Value,
  expectedFrom: Version | null,
): Divergence {
  const base = { key: read.key, read: read.value, expected, expectedFrom };
  const who = (v: Version | null | undefined): string => whoIn(ctx, v);
  const T = (engineId: number): string => nameOf(ctx, engineId);
  const k = keyText(read.key);
  const saw = showValue(read.value);
  if (read.afterOwnWrite) {
    return { ...base, kind: "own-write-not-seen", property: "snapshot-isolation", observedFrom: observed(ctx, read.key, read.value), involved: [t.id], explanation: `${T(t.id)} wrote ${k} and then read it back as ${saw}, not its own ${showValue(expected)}.` };
  }
  const frac = fractured(ctx, t);
  if (frac) {
    return {
      ...base,
      kind: "fractured-read",
      property: "atomic-visibility",
      observedFrom: observed(ctx, read.key, read.value),
      involved: [t.id, frac.w.id, ...(frac.missedFrom ? [frac.missedFrom.txn] : [])],
      explanation: `${T(t.id)} saw ${T(frac.w.id)}'s write of ${keyText(frac.seenKey)} but not its write of ${keyText(frac.missedKey)} (it read ${keyText(frac.missedKey)} from ${who(frac.missedFrom)}): ${T(frac.w.id)} was visible only in part.`,
    };
  }
  const from = observed(ctx, read.key, read.value);
  if (from === undefined) {
    const writer = ctx.uncommitted.get(valueKey(read.key))?.get(valueKey(read.value));
    if (writer !== undefined) {
      const w = ctx.txns.get(writer);
      const how = w?.outcome === "fail" ? "aborted" : "never committed";
      return { ...base, kind: w?.outcome === "fail" ? "aborted-read" : "uncommitted-read", property: "snapshot-isolation", observedFrom: undefined, involved: [t.id, writer], explanation: `${T(t.id)} read ${k} = ${saw}, written by ${T(writer)}, which ${how} (G1a); its snapshot at ${t.start} should give ${showValue(expected)} from ${who(expectedFrom)}.` };
    }
    const inter = ctx.intermediate.get(valueKey(read.key))?.get(valueKey(read.value));
    if (inter !== undefined) {
      return { ...base, kind: "intermediate-read", property: "snapshot-isolation", observedFrom: undefined, involved: [t.id, inter], explanation: `${T(t.id)} read ${k} = ${saw}, which ${T(inter)} wrote and then overwrote before committing (G1b): only a transaction's final writes may be seen.` };
    }
    return { ...base, kind: "phantom-value", property: "snapshot-isolation", observedFrom: undefined, involved: [t.id], explanation: `${T(t.id)} read ${k} = ${saw}, a value no transaction wrote; its snapshot at ${t.start} should give ${showValue(expected)} from ${who(expectedFrom)}.` };
  }
  const future = from !== null && (!expectedFrom || from.commit > expectedFrom.commit);
  return {
    ...base,
    kind: future ? "future-read" : "stale-read",
    property: "snapshot-isolation",
    observedFrom: from,
    involved: [t.id, ...(from ? [from.txn] : []), ...(expectedFrom ? [expectedFrom.txn] : [])],
    explanation: future
      ? `${T(t.id)} read ${k} = ${saw} from ${who(from)}, after its snapshot at ${t.start}; the newest version before the snapshot is ${showValue(expected)} from ${who(expectedFrom)}.`
      : `${T(t.id)} read ${k} = ${saw} from ${who(from)}, but ${who(expectedFrom)} wrote ${showValue(expected)} before its snapshot at ${t.start}: a stale read.`,
  };
}
