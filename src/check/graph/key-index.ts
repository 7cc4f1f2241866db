// Groups every micro-op of every transaction by key: integer key ids (first
// appearance order) and, per key, the (txn, op) references ordered by txn id then
// op position. Also decides per key whether it is a list-append or a register.
import type { Key } from "../../history/events.js";
import type { TxnTable } from "./txn-table.js";

export interface KeyIndex {
  readonly keys: readonly Key[];
  readonly idOf: ReadonlyMap<Key, number>;
  /** References of key k are off[k] .. off[k+1]. */
  readonly off: Int32Array;
  readonly refTxn: Int32Array;
  readonly refOp: Int32Array;
  /** 1 when the key is a list (some append, or a list read and no plain write). */
  readonly isList: Uint8Array;
}

export function buildKeyIndex(t: TxnTable): KeyIndex {
  const ids = new Map<Key, number>();
  const keys: Key[] = [];
  const counts: number[] = [];
  const appends: number[] = [];
  const writes: number[] = [];
  const listReads: number[] = [];
  let total = 0;
  for (let id = 0; id < t.count; id++) {
    for (const op of t.ops[id]!) {
      let k = ids.get(op[1]);
      if (k === undefined) {
        k = keys.length;
        ids.set(op[1], k);
        keys.push(op[1]);
        counts.push(0);
        appends.push(0);
        writes.push(0);
        listReads.push(0);
      }
      counts[k]!++;
      total++;
      if (op[0] === "append") appends[k] = 1;
      else if (op[0] === "w") writes[k] = 1;
      else if (Array.isArray(op[2])) listReads[k] = 1;
    }
  }
  const n = keys.length;
  const off = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) off[k + 1] = off[k]! + counts[k]!;
  const fill = off.slice(0, n);
  const refTxn = new Int32Array(total);
  const refOp = new Int32Array(total);
  for (let id = 0; id < t.count; id++) {
    const ops = t.ops[id]!;
    for (let o = 0; o < ops.length; o++) {
      const k = ids.get(ops[o]![1])!;
      const p = fill[k]!++;
      refTxn[p] = id;
      refOp[p] = o;
    }
  }
  const isList = new Uint8Array(n);
  for (let k = 0; k < n; k++) isList[k] = appends[k] || (listReads[k] && !writes[k]) ? 1 : 0;
  return { keys, idOf: ids, off, refTxn, refOp, isList };
}
