// The dirty tracker's epoch ring, owned by the checkpointer thread: dirty keys
// grouped by the epoch of the commit seq that wrote them. Contract: an epoch's
// keys are kept until a checkpoint covering the whole epoch is installed; a batch
// for an epoch beyond the ring is refused (the channel then fills and writers
// stall: that is the backpressure); a hole in the seqs received is remembered so
// the next checkpoint falls back to all keys.
import { epochOf } from "./durability-options.js";
import type { DirtyBatch } from "./dirty-channel.js";

export class EpochRing {
  private readonly epochs = new Map<number, Set<string>>();
  /** Oldest epoch not yet covered by a checkpoint. */
  private oldest: number;
  /** Highest seq received; a batch past lastSeq + 1 reveals a lost batch. */
  lastSeq: number;
  /** True when a hole was seen: the next checkpoint must take every key. */
  incomplete = false;

  constructor(readonly epochSeqs: number, readonly ringEpochs: number, checkpointSeq: number) {
    this.oldest = epochOf(checkpointSeq + 1, epochSeqs);
    this.lastSeq = checkpointSeq;
  }

  /** Room for this seq's epoch? */
  accepts(seq: number): boolean {
    return epochOf(seq, this.epochSeqs) < this.oldest + this.ringEpochs;
  }

  add(batch: DirtyBatch, detectHoles: boolean): void {
    if (detectHoles && batch.seq > this.lastSeq + 1) this.incomplete = true;
    this.lastSeq = Math.max(this.lastSeq, batch.seq);
    const e = epochOf(batch.seq, this.epochSeqs);
    if (e < this.oldest) return; // already covered by an installed checkpoint
    let s = this.epochs.get(e);
    if (s === undefined) this.epochs.set(e, (s = new Set()));
    for (const k of batch.keys) s.add(k);
  }

  /** Keys of every epoch that holds seqs <= `seq`. */
  keysThrough(seq: number): Set<string> {
    const last = epochOf(seq, this.epochSeqs);
    const out = new Set<string>();
    for (const [e, keys] of this.epochs) if (e <= last) for (const k of keys) out.add(k);
    return out;
  }

  /** A checkpoint covering every seq <= `seq` (an epoch end) was installed. */
  discardThrough(seq: number): void {
    const last = epochOf(seq + 1, this.epochSeqs) - 1;
    for (const e of [...this.epochs.keys()]) if (e <= last) this.epochs.delete(e);
    this.oldest = Math.max(this.oldest, last + 1);
    this.incomplete = false;
  }

  get full(): boolean {
    return this.epochs.has(this.oldest + this.ringEpochs - 1);
  }
}
