// Turns WAL records (in log order, duplicates allowed) into committed
// transactions. Contract: a transaction is returned only if its writes and its
// commit are all present and agree (seq, txn id, write count): all or nothing;
// a seq logged twice (a leader that died after appending, and its successor
// appending again) counts once; the result is sorted by seq.
import type { KeyWrite, WalRecord } from "./wal-record.js";

export interface CommittedTxn {
  readonly seq: number;
  readonly txnId: number;
  readonly commitTs: number;
  readonly writes: readonly KeyWrite[];
}

export function committedTxns(records: Iterable<WalRecord>, afterSeq = 0): CommittedTxn[] {
  const done = new Map<number, CommittedTxn>();
  const pendingBatch = new Map<number, { txnId: number; writes: readonly KeyWrite[] }>();
  for (const r of records) {
    if (r.seq <= afterSeq || done.has(r.seq)) continue;
    switch (r.type) {
      case "put":
        done.set(r.seq, { seq: r.seq, txnId: r.txnId, commitTs: r.commitTs, writes: [{ key: r.key, value: r.value }] });
        break;
      case "delete":
        done.set(r.seq, { seq: r.seq, txnId: r.txnId, commitTs: r.commitTs, writes: [{ key: r.key, value: null }] });
        break;
      case "batch":
        pendingBatch.set(r.seq, { txnId: r.txnId, writes: r.writes });
        break;
      case "commit": {
        const b = pendingBatch.get(r.seq);
        if (r.writeCount === 0) done.set(r.seq, { seq: r.seq, txnId: r.txnId, commitTs: r.commitTs, writes: [] });
        else if (b && b.txnId === r.txnId && b.writes.length === r.writeCount) {
          done.set(r.seq, { seq: r.seq, txnId: r.txnId, commitTs: r.commitTs, writes: b.writes });
        }
        pendingBatch.delete(r.seq);
        break;
      }
    }
  }
  return [...done.values()].sort((a, b) => a.seq - b.seq);
}
