// Builds small histories for checker tests: each call appends events with
// consecutive indexes and times, so tests read like schedules.
import { type HistoryEvent, type MicroOp, SYSTEM_PROCESS, type TxnStamps } from "../../src/history/events.js";

export class H {
  readonly events: HistoryEvent[] = [];
  private t = 0;

  private push(e: Omit<HistoryEvent, "index" | "time"> & { time?: number }): this {
    const time = e.time ?? (this.t += 10);
    this.t = time;
    this.events.push({ ...e, index: this.events.length, time });
    return this;
  }

  invoke(process: number, f: HistoryEvent["f"], value: unknown, time?: number): this {
    return this.push({ type: "invoke", process, f, value, ...(time === undefined ? {} : { time }) });
  }
  ok(process: number, f: HistoryEvent["f"], value: unknown, txn?: TxnStamps, time?: number): this {
    return this.push({ type: "ok", process, f, value, ...(txn ? { txn } : {}), ...(time === undefined ? {} : { time }) });
  }
  fail(process: number, f: HistoryEvent["f"], value: unknown, txn?: TxnStamps): this {
    return this.push({ type: "fail", process, f, value, ...(txn ? { txn } : {}) });
  }
  info(process: number, f: HistoryEvent["f"], value: unknown, txn?: TxnStamps): this {
    return this.push({ type: "info", process, f, value, ...(txn ? { txn } : {}) });
  }
  system(f: HistoryEvent["f"], value: unknown, time?: number): this {
    return this.push({ type: "info", process: SYSTEM_PROCESS, f, value, ...(time === undefined ? {} : { time }) });
  }

  /** A whole transaction: invoke then ok with the reads filled in. */
  txn(process: number, ops: MicroOp[], stamps: TxnStamps): this {
    const inv = ops.map((m) => (m[0] === "r" ? (["r", m[1], null] as const) : m));
    return this.invoke(process, "txn", inv).ok(process, "txn", ops, stamps);
  }
  /** A single op completed at once. */
  op(process: number, f: HistoryEvent["f"], value: unknown, invokeValue: unknown = value): this {
    return this.invoke(process, f, invokeValue).ok(process, f, value);
  }
}
