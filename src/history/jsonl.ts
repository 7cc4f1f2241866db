// Reading and writing mvsim history v1 as JSON Lines, one event per line.
// Contract: parse never throws; an error is one line "file:line: field 'x':
// expected ..., got ...". Blank lines are skipped. Writing is byte-stable.
import type { HistoryEvent } from "./events.js";
import { validateEvent } from "./validate.js";

export type ParseResult = { readonly ok: true; readonly events: HistoryEvent[] } | { readonly ok: false; readonly error: string };

export function parseJsonlHistory(text: string, file: string): ParseResult {
  const events: HistoryEvent[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      return { ok: false, error: `${file}:${i + 1}: not JSON (${e instanceof Error ? e.message : String(e)})` };
    }
    const ev = validateEvent(raw);
    if (typeof ev === "string") return { ok: false, error: `${file}:${i + 1}: ${ev}` };
    events.push(ev);
  }
  return { ok: true, events };
}

/** One event as a JSON line, fields in a fixed order. */
export function eventToJson(e: HistoryEvent): string {
  const o: Record<string, unknown> = { type: e.type, process: e.process, f: e.f, value: e.value ?? null };
  if (e.index !== undefined) o.index = e.index;
  if (e.time !== undefined) o.time = e.time;
  if (e.thread !== undefined) o.thread = e.thread;
  if (e.txn !== undefined) o.txn = e.txn.commit === undefined ? { id: e.txn.id, start: e.txn.start } : { id: e.txn.id, start: e.txn.start, commit: e.txn.commit };
  if (e.error !== undefined) o.error = e.error;
  return JSON.stringify(o);
}

export function toJsonlHistory(events: readonly HistoryEvent[]): string {
  return events.map((e) => eventToJson(e) + "\n").join("");
}
