// The line loop both history formats share: blank lines skipped, an optional
// header on the first line only, every event through the one validator, and
// each event's 1-based line kept. A format supplies only how one line reads.
// Contract: never throws; an error is one line "file:line[:col]: what is wrong".
import type { HistoryEvent } from "./events.js";
import { isHeader, validateMeta, type HistoryMeta } from "./metadata.js";
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

/** What one non-blank line holds: an event or header (unvalidated), nothing to keep, or an error. */
export type LineRead = { readonly event: unknown } | { readonly header: unknown } | { readonly error: string; readonly column?: number } | null;

/** `headerName` is how the format spells the header's key in a message. */
export function readLineHistory(text: string, file: string, headerName: string, readLine: (line: string, lineNo: number) => LineRead): ParseResult {
  const events: HistoryEvent[] = [];
  const lineOf: number[] = [];
  let meta: HistoryMeta | undefined;
  let first = true;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    const fail = (msg: string, column?: number): ParseResult => ({ ok: false, error: `${file}:${i + 1}${column === undefined ? "" : `:${column}`}: ${msg}` });
    const r = readLine(line, i + 1);
    if (r === null) continue;
    if ("error" in r) return fail(r.error, r.column);
    if ("header" in r) {
      if (!first) return fail(`the ${headerName} header belongs on the first line, before any event`);
      const m = isHeader(r.header) ? validateMeta(r.header) : "header: expected a map";
      if (typeof m === "string") return fail(m);
      meta = m;
      first = false;
      continue;
    }
    first = false;
    const ev = validateEvent(r.event);
    if (typeof ev === "string") return fail(ev);
    events.push(ev);
    lineOf.push(i + 1);
  }
  return meta === undefined ? { ok: true, events, lines: lineOf } : { ok: true, events, lines: lineOf, meta };
}
