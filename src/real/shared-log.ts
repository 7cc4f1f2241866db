// A per-worker log of int32 records in the shared buffer: the worker appends,
// the coordinator reads after the worker ended or was killed. A record becomes
// visible only once its length and payload are written and the count is bumped
// (an Atomics store), so a kill mid-append loses that record and nothing else.
// Layout of a worker's region: [count of words used, then records: len, payload...].
import { logStart, type SharedLayout } from "./shared-layout.js";

export class SharedLogWriter {
  private readonly base: number;
  private readonly end: number;
  private used: number;

  constructor(
    private readonly i32: Int32Array,
    layout: SharedLayout,
    worker: number,
  ) {
    this.base = logStart(layout, worker);
    this.end = this.base + layout.logWordsPerWorker;
    this.used = layout.logWordsPerWorker === 0 ? 0 : Atomics.load(i32, this.base);
  }

  /** Room left, in words of payload, for the next record. */
  room(): number {
    return Math.max(0, this.end - (this.base + 1 + this.used) - 1);
  }

  /** Appends one record; false if it does not fit (nothing is written then). */
  append(payload: ArrayLike<number>): boolean {
    const at = this.base + 1 + this.used;
    if (this.end === this.base || at + 1 + payload.length > this.end) return false;
    this.i32[at] = payload.length;
    this.i32.set(payload, at + 1);
    this.used += 1 + payload.length;
    Atomics.store(this.i32, this.base, this.used);
    return true;
  }
}

/** Every complete record of worker `w`, in append order. */
export function readLog(i32: Int32Array, layout: SharedLayout, w: number): Int32Array[] {
  if (layout.logWordsPerWorker === 0) return [];
  const base = logStart(layout, w);
  const used = Atomics.load(i32, base);
  const out: Int32Array[] = [];
  for (let at = base + 1; at < base + 1 + used; ) {
    const len = i32[at]!;
    out.push(i32.slice(at + 1, at + 1 + len));
    at += 1 + len;
  }
  return out;
}
