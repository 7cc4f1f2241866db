// The scheduler's view of one virtual thread: its generator, its pending step,
// and what it is blocked on (kept by the pending setter, read every step).
import type { Step, Waitable } from "../engine/ports.js";
import type { ThreadView } from "./strategies/strategy.js";

export type ThreadBody = Generator<Step, unknown, unknown>;

/**
 * The `ready` of a wait that only its deadline ends (a sleep, a disk latency,
 * a pause). The scheduler knows it by identity and does not call it: the
 * runnable set is collected at every step, and most blocked threads sleep.
 */
export function neverReady(): boolean {
  return false;
}

export type ThreadState = "live" | "done" | "dead";

export interface SimThread extends ThreadView {
  readonly daemon: boolean;
  state: ThreadState;
  pending: Step;
  /** Steps this thread has taken. */
  steps: number;
  result?: unknown;
}

export class InternalThread implements SimThread {
  state: ThreadState = "live";
  steps = 0;
  result?: unknown;
  gen!: ThreadBody;
  /**
   * The pending step's waitable when it is a block, else null; kept by the
   * `pending` setter. The runnable set is collected from it every step: one
   * field of one class, where `pending.kind` is read across a dozen step shapes.
   */
  blockedOn: Waitable | null = null;
  /** blockedOn only ends at its deadline (its ready is neverReady): runnable once now >= wakeUs. */
  sleeps = false;
  /** The deadline of a wait that sleeps (Infinity: none, never runnable). */
  wakeUs = 0;
  private step: Step = { kind: "point", label: "start" };

  constructor(
    readonly tid: number,
    readonly pid: number,
    readonly name: string,
    readonly daemon: boolean,
  ) {}

  get pending(): Step {
    return this.step;
  }

  set pending(s: Step) {
    this.step = s;
    if (s.kind === "block") {
      const on = s.on;
      this.blockedOn = on;
      // Sleeps, latencies and pauses have fixed deadlines: read once, not at every step.
      this.sleeps = on.ready === neverReady;
      if (this.sleeps) this.wakeUs = on.deadlineUs ?? Infinity;
    } else {
      this.blockedOn = null;
    }
  }
}
