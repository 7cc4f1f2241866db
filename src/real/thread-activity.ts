// What each worker thread slot of a stress run did, read from the merged
// history: its ops over all the processes that ran in it (a killed client's
// replacement runs in the same slot), when its first and last ops happened,
// and how many it invoked in the last quarter of the run. Times are ms since
// the run's clock started (event times are µs on the run's shared clock).
import { SYSTEM_PROCESS, type HistoryEvent } from "../history/events.js";

export interface ThreadActivity {
  readonly thread: number;
  /** History processes that ran in this slot, in order of first event. */
  readonly processes: readonly number[];
  /** Ops invoked. */
  readonly ops: number;
  /** Ops invoked at or after three quarters of the run. */
  readonly lastQuarterOps: number;
  /** Its first invoke and its last event, ms since the run's start; absent if it logged nothing. */
  readonly firstOpMs?: number;
  readonly lastOpMs?: number;
}

export interface ActivityInput {
  readonly events: readonly HistoryEvent[];
  readonly threads: number;
  /** Slot of each client process (processes not in it, the final reader, are left out). */
  readonly slotOf: ReadonlyMap<number, number>;
  /** The run's start on the shared clock, µs. */
  readonly startUs: number;
  /** How long the run was asked to last, ms (its last quarter starts at 3/4 of it). */
  readonly runMs: number;
}

export function threadActivity(o: ActivityInput): ThreadActivity[] {
  const acc = Array.from({ length: o.threads }, (_, thread) => ({
    thread, processes: [] as number[], ops: 0, lastQuarterOps: 0, first: Infinity, last: -Infinity,
  }));
  const quarterUs = o.startUs + 0.75 * o.runMs * 1000;
  for (const e of o.events) {
    if (e.process === SYSTEM_PROCESS) continue;
    const slot = o.slotOf.get(e.process);
    if (slot === undefined) continue;
    const a = acc[slot]!;
    if (!a.processes.includes(e.process)) a.processes.push(e.process);
    if (e.time === undefined) continue;
    if (e.type === "invoke") {
      a.ops++;
      if (e.time >= quarterUs) a.lastQuarterOps++;
      a.first = Math.min(a.first, e.time);
    }
    a.last = Math.max(a.last, e.time);
  }
  const ms = (us: number): number => Math.round((us - o.startUs) / 100) / 10;
  return acc.map((a) => ({
    thread: a.thread, processes: a.processes, ops: a.ops, lastQuarterOps: a.lastQuarterOps,
    ...(a.first === Infinity ? {} : { firstOpMs: ms(a.first), lastOpMs: ms(a.last) }),
  }));
}
