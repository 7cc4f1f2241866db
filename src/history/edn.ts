// Jepsen-style EDN histories, one map per line, to and from mvsim history
// events: `{:type :ok, :f :txn, :value [[:append 1 2] [:r 3 [1 2]]], :process 0, :index 7}`.
// :process :nemesis ↔ SYSTEM_PROCESS. Errors name file:line:col and what was expected.
import { SYSTEM_PROCESS, type EventType, type F, type HistoryEvent, type TxnStamps } from "./events.js";
import { readEdn, type Edn } from "./edn-reader.js";

const TYPES: ReadonlySet<string> = new Set(["invoke", "ok", "fail", "info"]);
const FS: ReadonlySet<string> = new Set([
  "txn", "read", "write", "cas", "append",
  "crash", "power-loss", "restart", "faults-stop", "use-after-free", "gc-drop", "snapshot-open", "snapshot-close", "memory",
]);
const MICRO: ReadonlySet<string> = new Set(["r", "w", "append"]);

type Parsed = { ok: true; events: HistoryEvent[] } | { ok: false; error: string };

/** EDN data → plain JS: keywords and symbols become their names, collections arrays/objects. */
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

function describe(v: Edn | undefined): string {
  if (v === undefined) return "nothing";
  if (v === null) return "nil";
  if (typeof v === "object") return v.kind === "keyword" ? `:${v.name}` : `a ${v.kind}`;
  return JSON.stringify(v);
}

function keywordName(v: Edn | undefined): string | undefined {
  return v !== null && typeof v === "object" && v.kind === "keyword" ? v.name : undefined;
}

function isInt(v: Edn | undefined): v is number {
  return typeof v === "number" && Number.isInteger(v);
}

export function parseEdnHistory(text: string, file: string): Parsed {
  const events: HistoryEvent[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith(";")) continue;
    const at = (col: number, msg: string): Parsed => ({ ok: false, error: `${file}:${i + 1}:${col}: ${msg}` });
    const read = readEdn(line, i + 1);
    if (!read.ok) return at(read.error.column, read.error.message);
    const m = read.value;
    if (m === null || typeof m !== "object" || m.kind !== "map") return at(1, `expected a map {:type ... :f ... :process ...}, got ${describe(m)}`);
    const get = new Map<string, Edn>();
    for (const [k, v] of m.entries) {
      const name = keywordName(k);
      if (name !== undefined) get.set(name, v);
    }
    const type = keywordName(get.get("type"));
    if (type === undefined || !TYPES.has(type)) return at(1, `expected :type one of :invoke :ok :fail :info, got ${describe(get.get("type"))}`);
    const rawProcess = get.get("process");
    const process = keywordName(rawProcess) === "nemesis" ? SYSTEM_PROCESS : rawProcess;
    if (!isInt(process)) return at(1, `expected :process an integer or :nemesis, got ${describe(rawProcess)}`);
    const rawF = get.get("f");
    const f = keywordName(rawF) ?? (typeof rawF === "string" ? rawF : undefined);
    if (f === undefined || !FS.has(f)) {
      if (process === SYSTEM_PROCESS) continue; // Jepsen nemesis ops (:start-partition...) have no mvsim meaning
      return at(1, `expected :f one of ${[...FS].slice(0, 5).map((x) => `:${x}`).join(" ")}, got ${describe(rawF)}`);
    }
    const event: { -readonly [K in keyof HistoryEvent]: HistoryEvent[K] } = {
      type: type as EventType,
      process,
      f: f as F,
      value: get.has("value") ? ednToJs(get.get("value")!) : null,
    };
    for (const field of ["index", "time", "thread"] as const) {
      const v = get.get(field);
      if (v === undefined) continue;
      if (typeof v !== "number" || (field !== "time" && !Number.isInteger(v))) return at(1, `expected :${field} a number, got ${describe(v)}`);
      event[field] = v;
    }
    const err = get.get("error");
    if (err !== undefined) event.error = typeof err === "string" ? err : keywordName(err) ?? JSON.stringify(ednToJs(err));
    const txn = get.get("txn");
    if (txn !== undefined) {
      const stamps = ednToJs(txn) as Record<string, unknown>;
      if (typeof stamps !== "object" || stamps === null || !isInt(stamps.id as number) || !isInt(stamps.start as number)) {
        return at(1, `expected :txn {:id int :start int :commit int?}, got ${describe(txn)}`);
      }
      event.txn = { id: stamps.id, start: stamps.start, ...(isInt(stamps.commit as number) ? { commit: stamps.commit } : {}) } as TxnStamps;
    }
    events.push(event);
  }
  return { ok: true, events };
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

/** One EDN map per event, one per line, Jepsen's field names. */
export function toEdnHistory(events: readonly HistoryEvent[]): string {
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
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
