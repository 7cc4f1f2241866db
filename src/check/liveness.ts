// Liveness: once faults stop, every client op completes (ok or fail) within a
// bound of simulated time (event.time, µs), counted from the later of its
// invocation and the faults-stop event. Contract: reported online at the first
// event whose time passes an open op's deadline; untimed events are skipped.
import { type HistoryEvent, SYSTEM_PROCESS } from "../history/events.js";
import type { Violation } from "../history/verdict.js";
import type { CheckResult, Checker } from "./checker.js";

export interface LivenessOptions {
  /** Simulated microseconds an op may take once faults have stopped. */
  readonly boundUs?: number;
}

interface Open {
  readonly event: HistoryEvent;
  readonly step: number;
  readonly time: number | undefined;
  reported: boolean;
}

export class LivenessChecker implements Checker {
  readonly name = "liveness";
  readonly property = "liveness" as const;
  private position = 0;
  private readonly open = new Map<number, Open>();
  private stopTime: number | undefined;
  private stopEvent: HistoryEvent | undefined;
  private readonly violations: Violation[] = [];
  private readonly bound: number;
  private completedAfterStop = 0;

  constructor(options: LivenessOptions = {}) {
    this.bound = options.boundUs ?? 10_000_000;
  }

  onEvent(e: HistoryEvent): Violation | undefined {
    const step = e.index ?? this.position;
    this.position++;
    if (e.process === SYSTEM_PROCESS) {
      if (e.f === "faults-stop" && this.stopTime === undefined && e.time !== undefined) {
        this.stopTime = e.time;
        this.stopEvent = e;
      }
      return this.overdue(e, step);
    }
    if (e.type === "invoke") {
      this.open.set(e.process, { event: e, step, time: e.time, reported: false });
      return this.overdue(e, step);
    }
    let first = this.overdue(e, step);
    const op = this.open.get(e.process);
    this.open.delete(e.process);
    if (op && this.stopTime !== undefined) {
      this.completedAfterStop++;
      if (e.type === "info" && !op.reported) {
        first = first ?? this.push(op, e, step, "no-definite-outcome", `Process ${e.process}'s ${e.f} (invoked at history index ${op.step}) ended with an indeterminate outcome${e.error ? ` ("${e.error}")` : ""} after faults had stopped; it should have completed.`);
      }
    }
    return first;
  }

  finish(): CheckResult {
    return {
      checker: this.name,
      verdict: this.violations.length > 0 ? "violation" : "ok",
      violations: this.violations,
      stats: { boundUs: this.bound, completedAfterFaultsStop: this.completedAfterStop, openAtEnd: this.open.size },
    };
  }

  private deadline(op: Open): number | undefined {
    if (this.stopTime === undefined || op.time === undefined) return undefined;
    return Math.max(op.time, this.stopTime) + this.bound;
  }

  /** Reports every open op whose deadline `e.time` has passed. */
  private overdue(e: HistoryEvent, step: number): Violation | undefined {
    if (e.time === undefined || this.stopTime === undefined) return undefined;
    let first: Violation | undefined;
    for (const op of this.open.values()) {
      const d = this.deadline(op);
      if (op.reported || d === undefined || e.time <= d) continue;
      const late = e.process === op.event.process && e.type !== "invoke";
      const since = Math.max(op.time!, this.stopTime);
      const v = late
        ? this.push(op, e, step, "late-completion", `Process ${op.event.process}'s ${op.event.f} (invoked at history index ${op.step}) completed only at ${e.time} µs, ${e.time - since} µs after ${op.time! >= this.stopTime ? "its invocation" : "faults stopped"}; the bound is ${this.bound} µs.`)
        : this.push(op, e, step, "stuck-op", `Process ${op.event.process}'s ${op.event.f} (invoked at history index ${op.step}) was still open at ${e.time} µs, more than ${this.bound} µs after ${op.time! >= this.stopTime ? "its invocation" : `faults stopped at ${this.stopTime} µs`}.`);
      first = first ?? v;
    }
    return first;
  }

  private push(op: Open, e: HistoryEvent, step: number, kind: string, explanation: string): Violation {
    op.reported = true;
    const v: Violation = {
      kind,
      property: "liveness",
      step,
      threads: [op.event.process],
      evidence: { process: op.event.process, f: op.event.f, invokedAt: op.time ?? null, faultsStopAt: this.stopTime ?? null, seenAt: e.time ?? null, boundUs: this.bound, subHistory: [...(this.stopEvent ? [this.stopEvent] : []), op.event, ...(e.process === op.event.process ? [e] : [])] },
      explanation,
    };
    this.violations.push(v);
    return v;
  }
}
