// Builds small txn histories for tests: invoke/complete per process, history
// indices assigned in order, reads blanked to null in the invoke as Jepsen does.
import type { EventType, HistoryEvent, MicroOp } from "../../../src/history/events.js";

export type Op = readonly ["r", number | string, unknown] | readonly ["w" | "append", number | string, unknown];

export class HistoryBuilder {
  readonly events: HistoryEvent[] = [];

  invoke(process: number, ops: readonly Op[]): this {
    const value = ops.map((o) => (o[0] === "r" ? ["r", o[1], null] : [...o])) as MicroOp[];
    return this.push("invoke", process, value);
  }

  complete(process: number, type: Exclude<EventType, "invoke">, ops: readonly Op[]): this {
    const value = ops.map((o) => (type === "ok" ? [...o] : o[0] === "r" ? ["r", o[1], null] : [...o])) as MicroOp[];
    return this.push(type, process, value);
  }

  /** invoke then complete, back to back. */
  txn(process: number, ops: readonly Op[], type: Exclude<EventType, "invoke"> = "ok"): this {
    return this.invoke(process, ops).complete(process, type, ops);
  }

  private push(type: EventType, process: number, value: MicroOp[]): this {
    this.events.push({ type, process, f: "txn", value, index: this.events.length });
    return this;
  }
}

export function h(): HistoryBuilder {
  return new HistoryBuilder();
}
