// A per-worker-slot ring of int32 records in the shared buffer: the worker
// appends, the coordinator drains while the run goes on, so a log never ends
// a run and no record is dropped (a writer that finds the ring full waits for
// the drain). A record becomes visible only once its length and payload are
// written and `head` is moved past it (an Atomics store), so a kill mid-append
// loses that record and nothing else; a worker restarted in the slot goes on
// from `head`. Region: [head, tail, ring of cap words]; a record is [len, payload...].
import { CTL_LOG_BELL, logStart, type SharedLayout } from "./shared-layout.js";

const HEAD = 0;
const TAIL = 1;
const RING = 2;
/** How long a writer sleeps per round while its ring is full (it is also woken by the drain). */
const FULL_WAIT_MS = 50;

export class SharedLogWriter {
  private readonly base: number;
  private readonly cap: number;
  private readonly bell: number;
  private head: number;
  /** Times this writer found its ring full and waited for the coordinator. */
  waits = 0;

  constructor(
    private readonly i32: Int32Array,
    layout: SharedLayout,
    worker: number,
  ) {
    this.base = logStart(layout, worker);
    this.cap = Math.max(0, layout.logWordsPerWorker - RING);
    this.bell = layout.ctlBase + CTL_LOG_BELL;
    this.head = this.cap === 0 ? 0 : Atomics.load(i32, this.base + HEAD);
  }

  /**
   * Appends one record, waiting while the ring is full (the coordinator drains
   * it). False, with nothing written, only when the record could never fit.
   */
  append(payload: ArrayLike<number>): boolean {
    const need = 1 + payload.length;
    if (need > this.cap - 1) return false;
    let used = this.used();
    while (this.cap - 1 - used < need) {
      this.waits++;
      this.ring();
      const tail = Atomics.load(this.i32, this.base + TAIL);
      Atomics.wait(this.i32, this.base + TAIL, tail, FULL_WAIT_MS);
      used = this.used();
    }
    const ring = this.base + RING;
    let at = this.head;
    this.i32[ring + at] = payload.length;
    for (let i = 0; i < payload.length; i++) {
      at = at + 1 === this.cap ? 0 : at + 1;
      this.i32[ring + at] = payload[i]!;
    }
    this.head = at + 1 === this.cap ? 0 : at + 1;
    Atomics.store(this.i32, this.base + HEAD, this.head);
    // Past half full: ask for a drain now rather than at the coordinator's next round.
    const half = this.cap >> 1;
    if (used < half && used + need >= half) this.ring();
    return true;
  }

  private used(): number {
    return (this.head - Atomics.load(this.i32, this.base + TAIL) + this.cap) % this.cap;
  }

  private ring(): void {
    Atomics.add(this.i32, this.bell, 1);
    Atomics.notify(this.i32, this.bell);
  }
}

/**
 * Takes every whole record now in slot `w`'s ring (as one array of
 * [len, payload...] records, possibly empty) and frees their room. One
 * drainer per buffer (the coordinator); safe while the writer appends.
 */
export function drainLog(i32: Int32Array, layout: SharedLayout, w: number): Int32Array {
  const cap = layout.logWordsPerWorker - RING;
  if (cap <= 0) return new Int32Array(0);
  const base = logStart(layout, w);
  const head = Atomics.load(i32, base + HEAD);
  const tail = Atomics.load(i32, base + TAIL);
  const ring = base + RING;
  const out = head >= tail
    ? i32.slice(ring + tail, ring + head)
    : concat(i32.subarray(ring + tail, ring + cap), i32.subarray(ring, ring + head));
  Atomics.store(i32, base + TAIL, head);
  Atomics.notify(i32, base + TAIL);
  return out;
}

/** The records of drained words, in append order. */
export function recordsOf(words: Int32Array): Int32Array[] {
  const out: Int32Array[] = [];
  for (let at = 0; at < words.length; ) {
    const len = words[at]!;
    out.push(words.subarray(at + 1, at + 1 + len));
    at += 1 + len;
  }
  return out;
}

/** The word the writers ring when a drain is due (the coordinator waits on it). */
export function logBellWord(layout: SharedLayout): number {
  return layout.ctlBase + CTL_LOG_BELL;
}

function concat(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
