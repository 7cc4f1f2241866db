// The "internal" anomaly: inside one committed txn, a read that disagrees with
// the txn's own earlier reads and writes of the key (a register must return the
// last value written or read; a list must be the last read plus own appends since).
import type { Key } from "../../history/events.js";
import { showKey, showValue, canon, type Findings } from "./findings.js";
import { stepOf } from "./inference.js";
import { OK, txnName, type TxnTable } from "./txn-table.js";

interface KeyState {
  /** Last value read or written (register), or last list read; undefined = none yet. */
  known: unknown;
  hasKnown: boolean;
  /** Own appends since `known` (lists). */
  appends: unknown[];
  /** Index of the op that set `known`, for the explanation. */
  knownOp: number;
}

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (canon(a[i]) !== canon(b[i])) return false;
  return true;
}

/** True when some key appears in two ops (only then can a read disagree with its own txn). */
function repeatsKey(ops: readonly (readonly [string, Key, unknown])[]): boolean {
  if (ops.length > 8) return true;
  for (let i = 1; i < ops.length; i++) for (let j = 0; j < i; j++) if (ops[i]![1] === ops[j]![1]) return true;
  return false;
}

export function findInternal(t: TxnTable, findings: Findings): void {
  for (let T = 0; T < t.count; T++) {
    if (t.status[T] !== OK) continue;
    const ops = t.ops[T]!;
    if (ops.length < 2 || !repeatsKey(ops)) continue;
    const state = new Map<Key, KeyState>();
    for (let o = 0; o < ops.length; o++) {
      const [f, key, v] = ops[o]!;
      let st = state.get(key);
      if (st === undefined) {
        st = { known: undefined, hasKnown: false, appends: [], knownOp: -1 };
        state.set(key, st);
      }
      if (f === "append") {
        st.appends.push(v);
        continue;
      }
      if (f === "w") {
        st.known = v;
        st.hasKnown = true;
        st.appends = [];
        st.knownOp = o;
        continue;
      }
      const isList = Array.isArray(v) || st.appends.length > 0 || Array.isArray(st.known);
      let expected: string | undefined;
      if (isList) {
        const got = (v as unknown[] | null) ?? [];
        if (st.hasKnown) {
          const want = [...((st.known as unknown[] | null) ?? []), ...st.appends];
          if (!sameList(got, want)) expected = showValue(want);
        } else if (st.appends.length > 0) {
          const tail = got.slice(Math.max(0, got.length - st.appends.length));
          if (!sameList(tail, st.appends)) expected = `a list ending in ${showValue(st.appends)}`;
        }
      } else if (st.hasKnown && canon(st.known) !== canon(v)) {
        expected = showValue(st.known);
      }
      if (expected !== undefined) {
        const before = st.hasKnown ? `op ${st.knownOp} saw or set ${showValue(st.known)}` : "it appended to it";
        findings.add({
          kind: "internal",
          txns: [T],
          step: stepOf(t, T),
          explanation: `${txnName(t, T)} read ${showKey(key)}=${showValue(v)} at op ${o}, but earlier in the same txn ${before}${st.appends.length > 0 ? ` and then appended ${showValue(st.appends)}` : ""}; it should have read ${expected}.`,
          evidence: { key, read: v, op: o, expected },
        });
      }
      st.known = isList ? ((v as unknown[] | null) ?? []) : v;
      st.hasKnown = true;
      st.appends = [];
      st.knownOp = o;
    }
  }
}
