// Jepsen-style EDN histories, one map per line, to and from mvsim history
// events: `{:type :ok, :f :txn, :value [[:append 1 2] [:r 3 [1 2]]], :process 0, :index 7}`.
// :process :nemesis <-> SYSTEM_PROCESS. Each map becomes the same plain object a
// JSONL line would be and goes through the same validator (validate.ts), so both
// formats refuse the same events. Errors name file:line (and :col for syntax).
import { SYSTEM_PROCESS, type HistoryEvent } from "./events.js";
import { readLineHistory, type LineRead, type ParseResult } from "./line-history.js";
import { readEdn, type Edn } from "./edn-reader.js";
import { HEADER_KEY, metaToEdnComment, type HistoryMeta } from "./metadata.js";

const SYSTEM_F: ReadonlySet<string> = new Set(["crash", "power-loss", "restart", "faults-stop", "time-limit", "use-after-free", "gc-drop", "snapshot-open", "snapshot-close", "memory"]);
const MICRO: ReadonlySet<string> = new Set(["r", "w", "append"]);
/** The event fields mvsim reads; Jepsen's others (:node, :op-index...) are dropped. */
const FIELDS = ["type", "process", "f", "value", "index", "time", "thread", "error", "txn"] as const;
const HEADER_COMMENT = new RegExp(`^;+\\s*\\{\\s*:${HEADER_KEY}\\b`);

/** EDN data -> plain JS: keywords and symbols become their names, collections arrays/objects. */
export function ednToJs(v: Edn): unknown {
  if (v === null || typeof v !== "object") return v;
  switch (v.kind) {
    case "keyword":
    case "symbol":
      return v.name;
    case "char":
      return v.value;
    case "vector":
    case "list":
    case "set":
      return v.items.map(ednToJs);
    case "map": {
      const out: Record<string, unknown> = {};
      for (const [k, val] of v.entries) out[typeof k === "string" ? k : String(ednToJs(k))] = ednToJs(val);
      return out;
    }
    case "tagged":
      return ednToJs(v.value);
  }
}

function keywordName(v: Edn | undefined): string | undefined {
  return v !== null && typeof v === "object" && v.kind === "keyword" ? v.name : undefined;
}

/** The map's entries by key name, or a message naming a key given twice (EDN forbids it; JSONL refuses it too). */
function entriesByName(m: { readonly entries: readonly (readonly [Edn, Edn])[] }): Map<string, Edn> | string {
  const get = new Map<string, Edn>();
  for (const [k, v] of m.entries) {
    const name = keywordName(k) ?? (typeof k === "string" ? k : undefined);
    if (name === undefined) continue;
    if (get.has(name)) return `key :${name} appears twice in one map`;
    get.set(name, v);
  }
  return get;
}

/** One Jepsen map as the object a JSONL line would hold (process :nemesis = -1, :error made a string). */
function toRawEvent(get: Map<string, Edn>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const v = get.get(field);
    if (v === undefined) continue;
    if (field === "process" && keywordName(v) === "nemesis") raw.process = SYSTEM_PROCESS;
    else if (field === "error") raw.error = typeof v === "string" ? v : keywordName(v) ?? JSON.stringify(ednToJs(v));
    else raw[field] = ednToJs(v);
  }
  if (!("value" in raw)) raw.value = null; // Jepsen omits :value nil
  return raw;
}

export function parseEdnHistory(text: string, file: string): ParseResult {
  return readLineHistory(text, file, `":${HEADER_KEY}"`, (line, lineNo): LineRead => {
    const trimmed = line.trim();
    if (trimmed.startsWith(";")) {
      if (!HEADER_COMMENT.test(trimmed)) return null; // an ordinary comment
      const read = readEdn(trimmed.replace(/^;+/, ""), lineNo);
      if (!read.ok) return { error: `header: ${read.error.message}` };
      const m = read.value !== null && typeof read.value === "object" && read.value.kind === "map" ? entriesByName(read.value) : "header: expected a map";
      if (typeof m === "string") return { error: m };
      return { header: Object.fromEntries([...m].map(([k, v]) => [k, ednToJs(v)])) };
    }
    const read = readEdn(line, lineNo);
    if (!read.ok) return { error: read.error.message, column: read.error.column };
    const m = read.value;
    if (m === null || typeof m !== "object" || m.kind !== "map") return { error: `expected a map {:type ... :f ... :process ...}, got ${m === null ? "nil" : typeof m === "object" ? `a ${m.kind}` : JSON.stringify(m)}` };
    const get = entriesByName(m);
    if (typeof get === "string") return { error: get };
    const raw = toRawEvent(get);
    // Jepsen nemesis ops (:start-partition...) have no mvsim meaning; mvsim's own system events are validated.
    if (raw.process === SYSTEM_PROCESS && !(typeof raw.f === "string" && SYSTEM_F.has(raw.f))) return null;
    return { event: raw };
  });
}

const KEYWORDISH = /^[A-Za-z*+!_?<>=-][\w*+!?<>=.-]*$/;

function printString(s: string): string {
  let out = '"';
  for (const c of s) {
    if (c === '"') out += '\\"';
    else if (c === "\\") out += "\\\\";
    else if (c === "\n") out += "\\n";
    else if (c === "\t") out += "\\t";
    else if (c === "\r") out += "\\r";
    else if (c < " ") out += `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
    else out += c;
  }
  return `${out}"`;
}

/** JS value → EDN text; `microOps` prints [f k v] triples with f as a keyword. */
export function jsToEdn(v: unknown, microOps = false): string {
  if (v === null || v === undefined) return "nil";
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "nil";
  if (typeof v === "string") return printString(v);
  if (Array.isArray(v)) {
    if (microOps && v.length === 3 && typeof v[0] === "string" && MICRO.has(v[0])) {
      return `[:${v[0]} ${jsToEdn(v[1])} ${jsToEdn(v[2])}]`;
    }
    return `[${v.map((x) => jsToEdn(x, microOps && Array.isArray(x))).join(" ")}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  return `{${entries.map(([k, x]) => `${KEYWORDISH.test(k) ? `:${k}` : printString(k)} ${jsToEdn(x)}`).join(", ")}}`;
}

/** One EDN map per event, one per line, Jepsen's field names; with `meta`, a header comment first. */
export function toEdnHistory(events: readonly HistoryEvent[], meta?: HistoryMeta): string {
  const lines = events.map((e) => {
    const parts = [
      `:type :${e.type}`,
      `:f :${e.f}`,
      `:value ${jsToEdn(e.value, e.f === "txn")}`,
      `:process ${e.process === SYSTEM_PROCESS ? ":nemesis" : e.process}`,
    ];
    if (e.index !== undefined) parts.push(`:index ${e.index}`);
    if (e.time !== undefined) parts.push(`:time ${e.time}`);
    if (e.thread !== undefined) parts.push(`:thread ${e.thread}`);
    if (e.error !== undefined) parts.push(`:error ${printString(e.error)}`);
    if (e.txn !== undefined) parts.push(`:txn ${jsToEdn(e.txn)}`);
    return `{${parts.join(", ")}}`;
  });
  if (meta !== undefined) lines.unshift(metaToEdnComment(meta));
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
