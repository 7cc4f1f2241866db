// mvsim history v1: the events a run records, one JSON object per line.
// Mirrors Jepsen's conventions (invoke / ok / fail / info, :process, :f, :value)
// so histories travel both ways. Documented in docs/history-format.md.
// Contract: events are appended in real (simulated) order; `index` is their
// position; a process whose op ends in `info` never invokes again.

export type EventType = "invoke" | "ok" | "fail" | "info";

/** Client operations. */
export type ClientF = "txn" | "read" | "write" | "cas" | "append";
/** Events of the system itself, recorded with process SYSTEM_PROCESS and type "info". */
export type SystemF =
  | "crash" // value: { pid }
  | "power-loss" // value: null
  | "restart" // value: { pid }
  | "faults-stop" // value: null; liveness bounds are measured from here
  | "time-limit" // value: null; the run was stopped at its simulated time limit with work still open
  | "use-after-free" // value: UseAfterFreeValue
  | "gc-drop" // value: GcDropValue
  | "snapshot-open" // value: { txn, ts }
  | "snapshot-close" // value: { txn }
  | "memory"; // value: { liveWords, liveVersions, garbageVersions }

export type F = ClientF | SystemF;
export const SYSTEM_PROCESS = -1;

/**
 * Deepest nesting of lists/maps a history line may have. A legal event nests
 * about a dozen deep; the limit keeps readers and printers off the call stack's
 * edge on hostile input (refused as bad input, exit 2).
 */
export const MAX_NESTING_DEPTH = 1000;

export type Key = number | string;
/** A register value, or the list of an append-only key. null = absent. */
export type Value = number | string | null | Value[];

/** Transaction micro-ops. Reads carry null in the invoke. */
export type MicroOp =
  | readonly ["r", Key, Value]
  | readonly ["w", Key, Value]
  | readonly ["append", Key, Value];

export interface TxnStamps {
  readonly id: number;
  /** Snapshot timestamp. */
  readonly start: number;
  /** Commit timestamp; absent when the txn did not commit. */
  readonly commit?: number;
}

export interface HistoryEvent {
  readonly type: EventType;
  readonly process: number;
  readonly f: F;
  /**
   * txn: MicroOp[]; read/write: [key, value] (a write of null deletes);
   * cas: [key, [expected, new]]; append: [key, element]; system events: see SystemF.
   */
  readonly value: unknown;
  readonly index?: number;
  /** Simulated microseconds. */
  readonly time?: number;
  readonly thread?: number;
  readonly txn?: TxnStamps;
  /** Why an op failed or is unknown (e.g. "conflict", "EIO"). */
  readonly error?: string;
}

export interface UseAfterFreeValue {
  readonly addr: number;
  readonly op: string;
  readonly thread: number;
  readonly step: number;
  readonly label?: string;
  readonly allocSite: Site;
  readonly freeSite: Site;
}

export interface GcDropValue {
  readonly key: Key;
  /** Commit timestamp of the dropped version. */
  readonly commit: number;
  /** Commit timestamp of the next newer version of the key, null if none. */
  readonly supersededBy: number | null;
  readonly thread: number;
}

/** Where something happened in a simulated run. */
export interface Site {
  readonly thread: number;
  readonly step: number;
  readonly label?: string;
}
