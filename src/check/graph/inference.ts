// What the version-order inferences (list-append, rw-register) share: the
// tables they read and the edge list / findings they write. `witness[k]` is the
// txn whose read revealed key k's version order (needed in sub-histories).
import type { Key, MicroOp } from "../../history/events.js";
import type { EdgeList } from "./edge-list.js";
import type { Findings } from "./findings.js";
import type { KeyIndex } from "./key-index.js";
import type { TxnTable } from "./txn-table.js";

export interface Inference {
  readonly t: TxnTable;
  readonly keys: KeyIndex;
  readonly edges: EdgeList;
  readonly findings: Findings;
  /** Txn that revealed the version order of key k, -1 when none did. */
  readonly witness: Int32Array;
  /** Input problems (e.g. a value written twice); each makes the verdict unknown. */
  readonly inputErrors: string[];
  /** What a register read of a value no txn wrote means: a garbage read, or the key's initial state. */
  readonly initialState: InitialState;
}

/** "garbage" (default): every key starts at nil, so a read of an unwritten value is garbage-read. */
export type InitialState = "garbage" | "initial";
export const INITIAL_STATES: readonly InitialState[] = ["garbage", "initial"];

/** History index where a txn's effects show: its completion, else its invoke. */
export function stepOf(t: TxnTable, id: number): number {
  const c = t.completeIndex[id]!;
  return c >= 0 ? c : t.invokeIndex[id]!;
}

/** Key k's slice [lo, hi) of micro-op references, and the micro-op each refers to. */
export function keyRefs(inf: Inference, k: number): { key: Key; lo: number; hi: number; opAt: (r: number) => MicroOp } {
  const { t, keys } = inf;
  return { key: keys.keys[k]!, lo: keys.off[k]!, hi: keys.off[k + 1]!, opAt: (r) => t.ops[keys.refTxn[r]!]![keys.refOp[r]!]! };
}
