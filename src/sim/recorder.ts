// The history recorder: every client and system event of a run, in order,
// stamped with its index, simulated time and thread. Subscribers (online
// checkers) see each event as it is recorded; every event feeds the trace hash.
import type { HistoryEvent } from "../history/events.js";
import type { TraceHash } from "./trace-hash.js";

export type EventInput = Omit<HistoryEvent, "index" | "time">;
type Stamped = EventInput & { index: number; time: number };

export class HistoryRecorder {
  private readonly events: HistoryEvent[] = [];
  private readonly subscribers: ((e: HistoryEvent) => void)[] = [];

  constructor(
    private readonly hash: TraceHash,
    private readonly now: () => number,
  ) {}

  /**
   * Stamps `input` itself with its index and time and keeps it (no copy: the
   * caller hands over a fresh object). Its keys stay first, index and time
   * last, as the JSON the trace hash reads has always had them.
   */
  record(input: EventInput): HistoryEvent {
    const e = input as Stamped;
    e.index = this.events.length;
    e.time = this.now();
    this.events.push(e);
    this.hash.addJson(e); // the hash of JSON.stringify(e), without the string
    for (const s of this.subscribers) s(e);
    return e;
  }

  subscribe(fn: (e: HistoryEvent) => void): void {
    this.subscribers.push(fn);
  }

  all(): readonly HistoryEvent[] {
    return this.events;
  }

  get length(): number {
    return this.events.length;
  }

  /** mvsim history v1: one JSON object per line. */
  toJsonl(): string {
    let out = "";
    for (const e of this.events) out += JSON.stringify(e) + "\n";
    return out;
  }
}
