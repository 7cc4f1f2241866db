// The coordinator's side of the shared logs: a loop on the main thread that
// drains every slot's ring into memory while the run goes on, woken by the
// writers' bell (a ring half full) or every few milliseconds. Contract: after
// stop(), records() holds every record any worker of any slot published, in
// each slot's append order; the loop never blocks the main thread.
import { drainLog, logBellWord, recordsOf } from "./shared-log.js";
import type { SharedLayout } from "./shared-layout.js";
import { waitAsync } from "./wait-async.js";

const ROUND_MS = 10;

export interface DrainStats {
  /** Rounds that found something to take. */
  readonly drains: number;
  readonly words: number;
  /** Ring size per slot in words (what one slot can hold between two drains). */
  readonly capacityWords: number;
}

export class LogDrain {
  private readonly chunks: Int32Array[][];
  private running = false;
  private loop: Promise<void> | undefined;
  private drains = 0;
  private words = 0;

  constructor(
    private readonly i32: Int32Array,
    private readonly layout: SharedLayout,
    private readonly slots: number,
  ) {
    this.chunks = Array.from({ length: slots }, () => []);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops the loop and drains what is left; call once every writer has ended. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    this.drainAll();
  }

  /** Every record drained so far from slot `w`, in append order. */
  records(w: number): Int32Array[] {
    return this.chunks[w]!.flatMap(recordsOf);
  }

  stats(): DrainStats {
    return { drains: this.drains, words: this.words, capacityWords: Math.max(0, this.layout.logWordsPerWorker - 2) };
  }

  /** One round over every slot; the number of words taken. */
  drainAll(): number {
    let taken = 0;
    for (let w = 0; w < this.slots; w++) {
      const words = drainLog(this.i32, this.layout, w);
      if (words.length === 0) continue;
      this.chunks[w]!.push(words);
      taken += words.length;
    }
    if (taken > 0) this.drains++;
    this.words += taken;
    return taken;
  }

  private async run(): Promise<void> {
    const bell = logBellWord(this.layout);
    while (this.running) {
      const rung = Atomics.load(this.i32, bell);
      this.drainAll();
      const w = waitAsync(this.i32, bell, rung, ROUND_MS);
      if (w.async) await w.value;
      else await new Promise((r) => setImmediate(r));
    }
  }
}
