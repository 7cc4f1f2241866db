// Paused processes: a pause swaps each live thread's pending step for a block
// that nothing readies and whose deadline is the pause's end; the first time a
// thread is picked after that, its own step is put back (that pick takes no
// step). Contract: a paused process stays alive (its locks and slots stay
// held, isAlive says true); a crash or power loss during a pause just kills it.
import type { Step } from "../engine/ports.js";
import { neverReady, type SimThread } from "./scheduler.js";

export const PAUSE_LABEL = "fault.paused";

export class ProcessPauses {
  /** tid → the step it was about to take when its process was paused. */
  private readonly held = new Map<number, Step>();

  /** Pauses every live thread of `pid` until `untilUs`; returns how many. */
  pause(threads: readonly SimThread[], pid: number, untilUs: number): number {
    let n = 0;
    for (const t of threads) {
      if (t.state !== "live" || t.pid !== pid || this.held.has(t.tid)) continue;
      this.held.set(t.tid, t.pending);
      t.pending = { kind: "block", on: { name: `paused until ${untilUs}us`, ready: neverReady, deadlineUs: untilUs }, label: PAUSE_LABEL };
      n++;
    }
    return n;
  }

  /** If `t` was paused (and so is picked only once its pause is over), gives it its step back: true. */
  resume(t: SimThread): boolean {
    if (this.held.size === 0) return false;
    const step = this.held.get(t.tid);
    if (step === undefined) return false;
    this.held.delete(t.tid);
    t.pending = step;
    return true;
  }
}
