// Reading and writing mvsim history v1 as JSON Lines, one event per line,
// after an optional header line (src/history/metadata.ts).
// Contract: parse never throws; an error is one line "file:line: field 'x':
// expected ..., got ...". Blank lines are skipped. Writing is byte-stable.
import type { HistoryEvent } from "./events.js";
import { scanJsonLine } from "./json-line-scan.js";
import { HEADER_KEY, isHeader, metaToJson, validateMeta, type HistoryMeta } from "./metadata.js";
import { validateEvent } from "./validate.js";

export type ParseResult =
  | {
      readonly ok: true;
      readonly events: HistoryEvent[];
      /** invariant: lines[i] is the 1-based line events[i] was read from. */
      readonly lines: number[];
      readonly meta?: HistoryMeta;
    }
  | { readonly ok: false; readonly error: string };

const failAt = (file: string, i: number, msg: string): ParseResult => ({ ok: false, error: `${file}:${i + 1}: ${msg}` });

export function parseJsonlHistory(text: string, file: string): ParseResult {
  const events: HistoryEvent[] = [];
  const lineOf: number[] = [];
  let meta: HistoryMeta | undefined;
  let first = true;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      return failAt(file, i, `not JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    const shape = scanJsonLine(line, raw);
    if (shape !== undefined) return failAt(file, i, shape);
    if (isHeader(raw)) {
      if (!first) return failAt(file, i, `the "${HEADER_KEY}" header belongs on the first line, before any event`);
      const m = validateMeta(raw);
      if (typeof m === "string") return failAt(file, i, m);
      meta = m;
      first = false;
      continue;
    }
    first = false;
    const ev = validateEvent(raw);
    if (typeof ev === "string") return failAt(file, i, ev);
    events.push(ev);
    lineOf.push(i + 1);
  }
  return meta === undefined ? { ok: true, events, lines: lineOf } : { ok: true, events, lines: lineOf, meta };
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
