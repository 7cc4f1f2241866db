// Builds one mvsim history v1 from a real-world run: the records drained from
// every worker slot's log plus the coordinator's own events (crashes), ordered
// by the shared counter taken when each event happened, renumbered 0..n-1. An
// op still open in a killed process ends in `info` (unknown outcome) right
// after its crash, as the sim records it; that process never invokes again.
// Positions of the shared counter that no event holds are counted as lost.
import { SYSTEM_PROCESS, type HistoryEvent } from "../history/events.js";
import { decodeEvent } from "./history-codec.js";

export interface MergeInput {
  /** Every record logged, per worker slot (see LogDrain.records). */
  readonly records: readonly (readonly Int32Array[])[];
  /** Events the coordinator recorded (with `index` from the shared counter). */
  readonly extra: readonly HistoryEvent[];
  /** The client processes (history `process` ids) that ran in OS-level pid `pid`. */
  readonly clientsOf: (pid: number) => readonly number[];
}

export interface Merged {
  readonly events: HistoryEvent[];
  /** Positions of the shared counter below the highest one seen that no event holds (taken, never logged). */
  readonly lost: number;
}

export function mergeHistory(o: MergeInput): Merged {
  const all: HistoryEvent[] = [...o.extra];
  for (const slot of o.records) for (const r of slot) all.push(decodeEvent(r));
  all.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  const seen = new Set(all.map((e) => e.index ?? -1));
  const top = all.length === 0 ? -1 : (all[all.length - 1]!.index ?? -1);
  let lost = 0;
  for (let i = 0; i <= top; i++) if (!seen.has(i)) lost++;
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
  return { events: out.map((e, index) => ({ ...e, index })), lost };
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
