// Where everything lives in the one SharedArrayBuffer of a real-world run:
// the engine's arena [0, words), then the allocator's state, then the control
// words (liveness per pid, history counter, start time, per-worker phase and
// command), then one event log per worker slot (a ring the coordinator drains
// while the run goes on, see shared-log.ts). Contract: a layout is plain data,
// computed the same way by the coordinator and every worker from the same options.

export interface LayoutOptions {
  /** Arena size in 32-bit words, as the engine sees it (even). */
  readonly words: number;
  /** Words [0, reservedWords) are live from the start: the engine's root header. */
  readonly reservedWords: number;
  /** Highest pid + 1 the liveness table can hold (pids start at 1, never reused). */
  readonly maxPids: number;
  /** Worker slots: each has a phase word and an event log (a restarted worker reuses its slot). */
  readonly maxWorkers: number;
  /** Words of event log per worker slot, its two ring positions included (0 for none). */
  readonly logWordsPerWorker: number;
}

export interface SharedLayout extends LayoutOptions {
  /** First word of the allocator region (even). */
  readonly allocBase: number;
  /** First word of the control region (even). */
  readonly ctlBase: number;
  /** First word of worker 0's log; worker w's starts at logBase + w * logWordsPerWorker. */
  readonly logBase: number;
  readonly totalWords: number;
}

/** Size classes of the allocator: block sizes (words, header excluded), ascending. */
export const SIZE_CLASSES: readonly number[] = sizeClasses();
/** Allocator words: bump pointer, live-words counter, then 4 words per class. */
export const ALLOC_BUMP = 0;
export const ALLOC_LIVE = 1;
export const ALLOC_CLASS_BASE = 2;
export const ALLOC_WORDS_PER_CLASS = 4; // head (64-bit: tag << 32 | addr), free count, pad

// Control words, relative to ctlBase.
/** The shared counter that orders history events. */
export const CTL_HISTORY = 0;
/** A word nobody changes, for Atomics.wait used as sleep. */
export const CTL_DUMMY = 1;
/** Monotonic start of the run in µs (64-bit). */
export const CTL_START_US = 2;
/** Set to 1 by the coordinator to ask every worker to wind down. */
export const CTL_STOP = 4;
/** Bumped (and notified) by a worker whose log is half full: the coordinator drains at once. */
export const CTL_LOG_BELL = 5;
/** Next block of unique values the stress clients write (one counter for the whole run, restarts included). */
export const CTL_VALUES = 6;
/** Set to 1 by the coordinator when the run's clock starts: stress clients wait for it before their first op. */
export const CTL_GO = 7;
/** Liveness: word CTL_ALIVE + pid is 1 while that process is alive. */
export const CTL_ALIVE = 8;

export function layoutFor(o: LayoutOptions): SharedLayout {
  if (o.words % 2 !== 0 || o.words <= 0) throw new RangeError(`layout: words must be even and > 0, got ${o.words}`);
  if (o.logWordsPerWorker !== 0 && o.logWordsPerWorker < 64) {
    throw new RangeError(`layout: logWordsPerWorker must be 0 or at least 64, got ${o.logWordsPerWorker}`);
  }
  if (o.reservedWords < 0 || o.reservedWords >= o.words) {
    throw new RangeError(`layout: reservedWords must be in [0, ${o.words}), got ${o.reservedWords}`);
  }
  const allocBase = o.words;
  const ctlBase = even(allocBase + ALLOC_CLASS_BASE + SIZE_CLASSES.length * ALLOC_WORDS_PER_CLASS);
  const logBase = even(ctlBase + CTL_ALIVE + o.maxPids + 2 * o.maxWorkers);
  const totalWords = logBase + o.maxWorkers * o.logWordsPerWorker;
  return { ...o, allocBase, ctlBase, logBase, totalWords };
}

/** The phase word of worker `w` (what it is doing, for the coordinator's aim). */
export function phaseWord(l: SharedLayout, w: number): number {
  return l.ctlBase + CTL_ALIVE + l.maxPids + w;
}

/** The command word of worker `w` (what the coordinator asks of it, e.g. "die in your next commit"). */
export function commandWord(l: SharedLayout, w: number): number {
  return l.ctlBase + CTL_ALIVE + l.maxPids + l.maxWorkers + w;
}

export function aliveWord(l: SharedLayout, pid: number): number {
  if (pid < 0 || pid >= l.maxPids) throw new RangeError(`pid ${pid} outside the liveness table [0, ${l.maxPids})`);
  return l.ctlBase + CTL_ALIVE + pid;
}

export function logStart(l: SharedLayout, w: number): number {
  return l.logBase + w * l.logWordsPerWorker;
}

/** A fresh buffer for a layout, with the allocator's bump pointer past the reserved header. */
export function createShared(l: SharedLayout): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(l.totalWords * 4);
  const i32 = new Int32Array(sab);
  i32[l.allocBase + ALLOC_BUMP] = even(l.reservedWords);
  return sab;
}

function even(n: number): number {
  return n + (n % 2);
}

function sizeClasses(): number[] {
  // Exact even sizes up to 64 words (the engine's nodes), then powers of two.
  const out: number[] = [];
  for (let s = 2; s <= 64; s += 2) out.push(s);
  for (let s = 128; s <= 1 << 28; s *= 2) out.push(s);
  return out;
}
