// Who wrote what, for checkers that judge reads without trusting timestamps:
// each writing op with its per-key effect, indexed by (key, value) and by
// (key, list element), plus a partial "known older" order between writers.
// Contract: older() is only ever true when the history proves it.
import type { HistoryEvent, Key, Value } from "../history/events.js";
import { txnId } from "../history/ids.js";
import { valueKey } from "../models/value.js";
import { opEffects } from "./op-effects.js";
import { type Op, outcome } from "./op-pairing.js";

export interface Writer {
  readonly seq: number;
  readonly process: number;
  readonly label: string;
  /** ok = acknowledged; fail = did not happen; info/open = unknown. */
  readonly outcome: "ok" | "fail" | "info" | "open";
  /** The txn said it did not commit (stamps without a commit timestamp). */
  readonly uncommitted: boolean;
  readonly commit: number | undefined;
  readonly invokeStep: number;
  readonly completeStep: number | undefined;
  /** Per key: the final register value, or the list elements appended. */
  readonly keys: ReadonlyMap<string, { readonly key: Key; readonly value?: Value; readonly elements?: readonly Value[] }>;
  readonly events: readonly HistoryEvent[];
}

/** W1 is provably older than W2: by commit stamps, or W1 completed before W2 was invoked. */
export function older(a: Writer, b: Writer): boolean {
  if (a.commit !== undefined && b.commit !== undefined) return a.commit < b.commit;
  return a.completeStep !== undefined && a.outcome !== "open" && a.completeStep < b.invokeStep;
}

export function mayHaveHappened(w: Writer): boolean {
  return w.outcome !== "fail" && !w.uncommitted;
}

export class WriteIndex {
  private seq = 0;
  readonly all: Writer[] = [];
  private readonly byValue = new Map<string, Map<string, Writer[]>>();
  private readonly byElement = new Map<string, Map<string, Writer[]>>();

  /** Indexes a completed (or still open) writing op; returns undefined if it writes nothing. */
  add(op: Op): Writer | undefined {
    const { writes } = opEffects(op);
    if (writes.length === 0) return undefined;
    const keys = new Map<string, { key: Key; value?: Value; elements?: Value[] }>();
    for (const w of writes) {
      const k = valueKey(w.key);
      const cur = keys.get(k) ?? { key: w.key };
      if (w.effect.kind === "write") keys.set(k, { key: w.key, value: w.effect.value });
      else keys.set(k, { ...cur, elements: [...(cur.elements ?? []), w.effect.element] });
    }
    const stamps = op.completion?.txn ?? op.invoke.txn;
    const o = outcome(op);
    const writer: Writer = {
      seq: this.seq++,
      process: op.process,
      label: op.f === "txn" ? txnId(op.invokeStep) : `${txnId(op.invokeStep)} (process ${op.process}'s ${op.f})`,
      outcome: o,
      uncommitted: stamps !== undefined && stamps.commit === undefined && o !== "open",
      commit: stamps?.commit,
      invokeStep: op.invokeStep,
      completeStep: op.completeStep,
      keys,
      events: op.completion && op.completion !== op.invoke ? [op.invoke, op.completion] : [op.invoke],
    };
    this.all.push(writer);
    for (const [k, eff] of keys) {
      if ("value" in eff) push(this.byValue, k, valueKey(eff.value ?? null), writer);
      for (const el of eff.elements ?? []) push(this.byElement, k, valueKey(el), writer);
    }
    return writer;
  }

  writersOf(key: Key, value: Value): readonly Writer[] {
    return this.byValue.get(valueKey(key))?.get(valueKey(value)) ?? [];
  }

  appendersOf(key: Key, element: Value): readonly Writer[] {
    return this.byElement.get(valueKey(key))?.get(valueKey(element)) ?? [];
  }
}

function push(m: Map<string, Map<string, Writer[]>>, k: string, v: string, w: Writer): void {
  let inner = m.get(k);
  if (!inner) m.set(k, (inner = new Map()));
  const list = inner.get(v);
  if (list) list.push(w);
  else inner.set(v, [w]);
}
