// Reading and writing mvsim history v1 as JSON Lines, one event per line,
// after an optional header line (src/history/metadata.ts).
// Contract: parse never throws; an error is one line "file:line: field 'x':
// expected ..., got ...". Blank lines are skipped. Writing is byte-stable.
import type { HistoryEvent } from "./events.js";
import { scanJsonLine } from "./json-line-scan.js";
import { readLineHistory, type ParseResult } from "./line-history.js";
import { HEADER_KEY, isHeader, metaToJson, type HistoryMeta } from "./metadata.js";

export type { ParseResult } from "./line-history.js";

export function parseJsonlHistory(text: string, file: string): ParseResult {
  return readLineHistory(text, file, `"${HEADER_KEY}"`, (raw) => {
    const line = raw.trim();
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      return { error: `not JSON (${e instanceof Error ? e.message : String(e)})` };
    }
    const shape = scanJsonLine(line, value);
    if (shape !== undefined) return { error: shape };
    return isHeader(value) ? { header: value } : { event: value };
  });
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

/** The history as JSON Lines; with `meta`, a header line first (what mvsim writes for its own runs). */
export function toJsonlHistory(events: readonly HistoryEvent[], meta?: HistoryMeta): string {
  const body = events.map((e) => eventToJson(e) + "\n").join("");
  return meta === undefined ? body : `${metaToJson(meta)}\n${body}`;
}
