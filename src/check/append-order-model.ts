// The kv model for a list key whose elements each enter it once (by one append,
// or inside one put of a whole list) and reads: the lists read fix, for every
// element they show, the list before it (the list only grows until a put or
// delete replaces it, and then the element is gone for good, so its prefix
// never changes while it is in). An append may then be placed only onto that
// prefix, which cuts the orders WGL tries from all interleavings of the
// appends down to the one the reads show.
// Contract: used only when it is sound (no cas on the key, no write of a value
// that is not a list, no element entering twice, reads agreeing on each
// element's place); otherwise appendOrderModel returns undefined and the plain
// model is used.
import type { Value } from "../history/events.js";
import { kvModel, type KvInput, type KvOutput, type KvState } from "../models/kv-model.js";
import type { Model } from "../models/model.js";
import { valueKey } from "../models/value.js";

interface Place {
  readonly index: number;
  /** valueKey of the element before it; "" at index 0. */
  readonly before: string;
}

export function appendOrderModel(ops: readonly { input: KvInput; output: KvOutput }[]): Model<KvState, KvInput, KvOutput> | undefined {
  const appended = new Set<string>();
  const place = new Map<string, Place>();
  const enters = (element: Value): boolean => {
    const k = valueKey(element);
    if (appended.has(k)) return false;
    appended.add(k);
    return true;
  };
  for (const o of ops) {
    const i = o.input;
    if (i.f === "append") {
      if (!enters(i.element)) return undefined;
    } else if (i.f === "write") {
      if (!Array.isArray(i.value) || !i.value.every(enters)) return undefined;
    } else if (i.f !== "read" && i.f !== "delete") return undefined;
  }
  for (const o of ops) {
    if (o.input.f !== "read" || !Array.isArray(o.output)) continue;
    const list: readonly Value[] = o.output;
    for (let i = 0; i < list.length; i++) {
      const k = valueKey(list[i]!);
      const p = { index: i, before: i === 0 ? "" : valueKey(list[i - 1]!) };
      const seen = place.get(k);
      // Reads that disagree make the history illegal: let the plain search say so.
      if (seen && (seen.index !== p.index || seen.before !== p.before)) return undefined;
      place.set(k, p);
    }
  }
  return {
    ...kvModel,
    step(st, input, output) {
      if (input.f === "append") {
        const want = place.get(valueKey(input.element));
        if (want) {
          const list = Array.isArray(st.value) ? st.value : [];
          if (list.length !== want.index) return null;
          if (want.index > 0 && valueKey(list[want.index - 1]!) !== want.before) return null;
        }
      }
      return kvModel.step(st, input, output);
    },
  };
}
