// Builds one mvsim history v1 from a real-world run: every worker's shared log
// plus the coordinator's own events (crashes), ordered by the shared counter
// taken when each event happened, renumbered 0..n-1. An op still open in a
// killed process ends in `info` (unknown outcome) right after its crash, as
// the sim records it; that process never invokes again.
import { SYSTEM_PROCESS, type HistoryEvent } from "../history/events.js";
import { decodeEvent } from "./history-codec.js";
import { readLog } from "./shared-log.js";
import type { SharedLayout } from "./shared-layout.js";

export interface MergeInput {
  readonly i32: Int32Array;
  readonly layout: SharedLayout;
  readonly workers: number;
  /** Events the coordinator recorded (with `index` from the shared counter). */
  readonly extra: readonly HistoryEvent[];
  /** The client processes (history `process` ids) that ran in OS-level pid `pid`. */
  readonly clientsOf: (pid: number) => readonly number[];
}

export function mergeHistory(o: MergeInput): HistoryEvent[] {
  const all: HistoryEvent[] = [...o.extra];
  for (let w = 0; w < o.workers; w++) for (const r of readLog(o.i32, o.layout, w)) all.push(decodeEvent(r));
  all.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  const open = new Map<number, HistoryEvent>();
  const out: HistoryEvent[] = [];
  for (const e of all) {
    out.push(e);
    if (e.process === SYSTEM_PROCESS) {
      if (e.f === "crash") closeOpen(open, o.clientsOf((e.value as { pid: number }).pid), out);
      continue;
    }
    if (e.type === "invoke") open.set(e.process, e);
    else open.delete(e.process);
  }
  return out.map((e, index) => ({ ...e, index }));
}

/** Ends the open ops of the crashed processes' clients with info. */
function closeOpen(open: Map<number, HistoryEvent>, processes: readonly number[], out: HistoryEvent[]): void {
  for (const p of processes) {
    const inv = open.get(p);
    if (!inv) continue;
    open.delete(p);
    const { index: _i, time: _t, ...rest } = inv;
    out.push({ ...rest, type: "info", error: "crashed" });
  }
}
