// The header a history file written by mvsim starts with: format version,
// the visibility rule its snapshots follow, and where it came from (scenario,
// seed, target, mvsim version), so `mvsim check` needs no flags to read it
// right. JSONL: a first line {"mvsim-history":1,...}; EDN: a first comment
// line `; {:mvsim-history 1, ...}`. Documented in docs/history-format.md.

export const HISTORY_FORMAT_VERSION = 1;
export const HEADER_KEY = "mvsim-history";

export type HistoryVisibility = "strict" | "inclusive";

export interface HistoryMeta {
  /** Format version; this mvsim reads 1. */
  readonly formatVersion: typeof HISTORY_FORMAT_VERSION;
  /** Visibility rule of the system that produced the history (commit < snapshot, or <=). */
  readonly visibility?: HistoryVisibility;
  readonly scenario?: string;
  /** Decimal seed of the run (a string: 64-bit seeds do not fit a JSON number). */
  readonly seed?: string;
  /** The target under test (engine, cow-kv, ...). */
  readonly target?: string;
  readonly mvsimVersion?: string;
}

const STRING_FIELDS = ["scenario", "seed", "target", "mvsimVersion"] as const;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** True when a parsed first line is meant as a header (it has the header key). */
export function isHeader(raw: unknown): raw is Record<string, unknown> {
  return isObj(raw) && Object.prototype.hasOwnProperty.call(raw, HEADER_KEY);
}

/** The header's metadata, or a one-line message naming the bad field. Unknown fields are ignored. */
export function validateMeta(raw: Record<string, unknown>): HistoryMeta | string {
  const version = raw[HEADER_KEY];
  if (version !== HISTORY_FORMAT_VERSION) {
    return `header field '${HEADER_KEY}': expected ${HISTORY_FORMAT_VERSION} (the history format this mvsim reads), got ${JSON.stringify(version) ?? "nothing"}`;
  }
  const meta: { -readonly [K in keyof HistoryMeta]: HistoryMeta[K] } = { formatVersion: HISTORY_FORMAT_VERSION };
  const vis = raw.visibility;
  if (vis !== undefined) {
    if (vis !== "strict" && vis !== "inclusive") return `header field 'visibility': expected "strict" or "inclusive", got ${JSON.stringify(vis)}`;
    meta.visibility = vis;
  }
  for (const field of STRING_FIELDS) {
    const v = raw[field];
    if (v === undefined) continue;
    if (typeof v !== "string") return `header field '${field}': expected a string, got ${JSON.stringify(v)}`;
    meta[field] = v;
  }
  return meta;
}

function fields(meta: HistoryMeta): [string, string][] {
  const out: [string, string][] = [];
  for (const field of STRING_FIELDS) if (meta[field] !== undefined) out.push([field, meta[field]]);
  return out;
}

/** The JSONL header line (no newline), fields in a fixed order. */
export function metaToJson(meta: HistoryMeta): string {
  const o: Record<string, unknown> = { [HEADER_KEY]: HISTORY_FORMAT_VERSION };
  if (meta.visibility !== undefined) o.visibility = meta.visibility;
  for (const [k, v] of fields(meta)) o[k] = v;
  return JSON.stringify(o);
}

/** The EDN header: a comment line any EDN reader skips, holding an EDN map. */
export function metaToEdnComment(meta: HistoryMeta): string {
  const parts = [`:${HEADER_KEY} ${HISTORY_FORMAT_VERSION}`];
  if (meta.visibility !== undefined) parts.push(`:visibility :${meta.visibility}`);
  for (const [k, v] of fields(meta)) parts.push(`:${k} ${JSON.stringify(v)}`);
  return `; {${parts.join(", ")}}`;
}
