// An inline reclamation check for engine tests: gc-drop events of a version
// that a still-open snapshot reads (inclusive visibility, commit <= snapshot).
// A crash releases the dead process's snapshots (snapshot-open carries the pid).
import type { GcDropValue, HistoryEvent } from "../../src/history/events.js";

/** Drops of a version some open snapshot still reads. */
export function visibleDrops(events: readonly HistoryEvent[]): string[] {
  const open = new Map<number, { ts: number; pid: number }>();
  const bad: string[] = [];
  for (const e of events) {
    const v = e.value as Record<string, unknown>;
    if (e.f === "snapshot-open") open.set(v["txn"] as number, { ts: v["ts"] as number, pid: v["pid"] as number });
    else if (e.f === "snapshot-close") open.delete(v["txn"] as number);
    else if (e.f === "crash") {
      // A dead reader's snapshot is released.
      for (const [txn, s] of [...open]) if (s.pid === v["pid"]) open.delete(txn);
    } else if (e.f === "gc-drop") {
      const d = e.value as GcDropValue;
      for (const [txn, { ts }] of open) {
        if (d.commit <= ts && (d.supersededBy === null || d.supersededBy > ts)) bad.push(`${String(d.key)}@${d.commit} seen by txn ${txn} at ${ts}`);
      }
    }
  }
  return bad;
}

