// Where the reads put each element of a list key whose elements each enter it
// once (by one append, or inside one put of a whole list): the lists read fix,
// for every element they show, its index and the element before it (the list
// only grows until a put or delete replaces it, and then the element is gone
// for good, so its prefix never changes while it is in). So an append of a
// placed element can only happen onto a list of that length ending in that
// element: a necessary condition of every legal order, which prunes the rest.
// Contract: undefined when it does not hold (a cas, a write of a value that is
// not a list, an element entering twice, reads disagreeing on an element's place).
import type { Value } from "../history/events.js";
import type { KvInput, KvOutput } from "../models/kv-model.js";
import { valueKey } from "../models/value.js";

export interface Place {
  readonly index: number;
  /** valueKey of the element before it; "" at index 0. */
  readonly before: string;
}

/** Each element's place (by valueKey), from the reads' lists. */
export function appendPlaces(ops: readonly { input: KvInput; output: KvOutput }[]): Map<string, Place> | undefined {
  const entered = new Set<string>();
  const place = new Map<string, Place>();
  const enters = (element: Value): boolean => {
    const k = valueKey(element);
    if (entered.has(k)) return false;
    entered.add(k);
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
      // Reads that disagree make the history illegal: no pruning, the search says so.
      if (seen && (seen.index !== p.index || seen.before !== p.before)) return undefined;
      place.set(k, p);
    }
  }
  return place;
}
