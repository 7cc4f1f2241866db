// Per-thread buffers of dirty keys: a thread marks the keys it writes in its own
// buffer, and the commit sends exactly that buffer (the one that was filled —
// the seed flushed a different thread-local). Contract: only the owning thread
// touches its buffer, so this JS state is correct when threads are real workers.

export class DirtyBuffers {
  private readonly byThread = new Map<number, Set<string>>();

  mark(tid: number, key: string): void {
    let s = this.byThread.get(tid);
    if (s === undefined) this.byThread.set(tid, (s = new Set()));
    s.add(key);
  }

  /** Empties `tid`'s buffer and returns its keys, sorted. */
  take(tid: number): string[] {
    const s = this.byThread.get(tid);
    if (s === undefined || s.size === 0) return [];
    this.byThread.delete(tid);
    return [...s].sort();
  }
}
