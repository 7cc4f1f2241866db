// A history file's bytes to validated events: strict UTF-8, then the JSONL or
// EDN reader (each line checked by the one event validator), then the checks
// across events (pairing-validate.ts). What `mvsim check` runs before any checker.
// Contract: never throws on any input; an error is one line "file:line: ...".
import type { HistoryEvent } from "./events.js";
import { parseEdnHistory } from "./edn.js";
import { parseJsonlHistory } from "./jsonl.js";
import type { HistoryMeta } from "./metadata.js";
import { validatePairing } from "./pairing-validate.js";
import { decodeUtf8 } from "./utf8-decode.js";

export type HistoryFormat = "jsonl" | "edn";

export type ReadHistoryResult =
  | { readonly ok: true; readonly events: HistoryEvent[]; readonly meta?: HistoryMeta }
  | { readonly ok: false; readonly error: string };

export function readHistory(bytes: Uint8Array, file: string, format: HistoryFormat): ReadHistoryResult {
  const decoded = decodeUtf8(bytes, file);
  if (!decoded.ok) return decoded;
  const parsed = format === "edn" ? parseEdnHistory(decoded.text, file) : parseJsonlHistory(decoded.text, file);
  if (!parsed.ok) return parsed;
  const bad = validatePairing(parsed.events, parsed.lines, file);
  if (bad !== undefined) return { ok: false, error: bad };
  return parsed.meta === undefined ? { ok: true, events: parsed.events } : { ok: true, events: parsed.events, meta: parsed.meta };
}
