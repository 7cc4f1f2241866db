// Pairs each invocation with its completion by process (Jepsen's rule: one
// open op per process), and names every event's position. Contract: the step
// of an event is its `index` when given, else its position in the history.
import { type HistoryEvent, SYSTEM_PROCESS } from "../history/events.js";

export interface Op {
  readonly process: number;
  readonly f: HistoryEvent["f"];
  readonly invoke: HistoryEvent;
  readonly invokeStep: number;
  /** Absent while the op is open. */
  completion?: HistoryEvent;
  completeStep?: number;
}

export type Outcome = "ok" | "fail" | "info" | "open";

export function outcome(op: Op): Outcome {
  const t = op.completion?.type;
  return t === undefined || t === "invoke" ? "open" : t;
}

export class OpPairer {
  private position = 0;
  private readonly open = new Map<number, Op>();

  /** The step of the event just fed. */
  lastStep = -1;

  /**
   * Feeds one event. Returns the op it completes (a completion with no open
   * invocation becomes an op of its own), or undefined.
   */
  onEvent(e: HistoryEvent): Op | undefined {
    const step = e.index ?? this.position;
    this.position++;
    this.lastStep = step;
    if (e.process === SYSTEM_PROCESS) return undefined;
    if (e.type === "invoke") {
      this.open.set(e.process, { process: e.process, f: e.f, invoke: e, invokeStep: step });
      return undefined;
    }
    const op = this.open.get(e.process);
    this.open.delete(e.process);
    if (!op || op.f !== e.f) return { process: e.process, f: e.f, invoke: e, invokeStep: step, completion: e, completeStep: step };
    op.completion = e;
    op.completeStep = step;
    return op;
  }

  /** Ops invoked and not completed, by process id. */
  openOps(): Op[] {
    return [...this.open.values()].sort((a, b) => a.invokeStep - b.invokeStep);
  }

  /** The open op of a process, if any. */
  openOf(process: number): Op | undefined {
    return this.open.get(process);
  }

  openCount(): number {
    return this.open.size;
  }
}
