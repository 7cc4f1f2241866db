// The single-key key-value model for linearizability: one register or one
// append-only list per key (the checker partitions a history by key, which is
// sound because linearizability is compositional). Outputs: a read gives the
// value seen, a cas gives whether it applied; undefined = unknown (info).
import type { Value } from "../history/events.js";
import type { Model } from "./model.js";
import { listEqual, showValue, valueEqual, valueKey } from "./value.js";

export type KvInput =
  | { readonly f: "read" }
  | { readonly f: "write"; readonly value: Value }
  | { readonly f: "delete" }
  | { readonly f: "cas"; readonly expected: Value; readonly next: Value }
  | { readonly f: "append"; readonly element: Value };

/** read: the value seen; cas: applied or not; others: null. undefined = unknown outcome. */
export type KvOutput = Value | boolean | undefined;

/** The state of one key: its register value or its list; null = absent (boxed, since null means impossible). */
export interface KvState {
  readonly value: Value;
}

const box = (value: Value): KvState => ({ value });
const ABSENT: KvState = box(null);

function sameValue(a: Value, b: Value): boolean {
  return Array.isArray(a) || Array.isArray(b) ? listEqual(a, b) : valueEqual(a, b);
}

export const kvModel: Model<KvState, KvInput, KvOutput> = {
  init: () => ABSENT,

  step(st, input, output) {
    const state = st.value;
    switch (input.f) {
      case "read":
        if (output === undefined) return st;
        if (typeof output === "boolean") return null;
        return sameValue(state, output) ? st : null;
      case "write":
        return box(input.value);
      case "delete":
        return ABSENT;
      case "cas": {
        const matches = sameValue(state, input.expected);
        // An unknown cas applies exactly when it can; "did not apply" is the
        // same as linearizing it after everything else.
        if (output === undefined) return matches ? box(input.next) : st;
        if (output === true) return matches ? box(input.next) : null;
        return matches ? null : st;
      }
      case "append":
        if (state === null) return box([input.element]);
        if (!Array.isArray(state)) return null;
        return box([...state, input.element]);
    }
  },

  equal: (a, b) => valueEqual(a.value, b.value),
  hash: (s) => valueKey(s.value),

  describe(input, output) {
    const out = output === undefined ? " (outcome unknown)" : "";
    switch (input.f) {
      case "read":
        return `read -> ${showValue(output)}`;
      case "write":
        return `write ${showValue(input.value)}${out}`;
      case "delete":
        return `delete${out}`;
      case "cas":
        return `cas ${showValue(input.expected)}->${showValue(input.next)} ${output === undefined ? "(outcome unknown)" : output ? "applied" : "refused"}`;
      case "append":
        return `append ${showValue(input.element)}${out}`;
    }
  },

  describeState: (s) => showValue(s.value),
};
