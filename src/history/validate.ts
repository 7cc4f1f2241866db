// Validates one parsed JSON object as an mvsim history v1 event (see
// docs/history-format.md). Contract: returns the event, or a one-line message
// "field 'x': expected ..., got ..." naming the first bad field.
import { type HistoryEvent, SYSTEM_PROCESS } from "./events.js";

const TYPES = new Set(["invoke", "ok", "fail", "info"]);
const CLIENT_F = new Set(["txn", "read", "write", "cas", "append"]);
const SYSTEM_F = new Set(["crash", "power-loss", "restart", "faults-stop", "time-limit", "use-after-free", "gc-drop", "snapshot-open", "snapshot-close", "memory"]);

type Check = string | undefined;

function show(v: unknown): string {
  const s = v === undefined ? "nothing" : JSON.stringify(v);
  return s.length > 60 ? s.slice(0, 57) + "..." : s;
}
const bad = (field: string, expected: string, got: unknown): string => `field '${field}': expected ${expected}, got ${show(got)}`;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
const isNat = (v: unknown): v is number => isInt(v) && v >= 0;
const isKey = (v: unknown): boolean => (typeof v === "number" && Number.isFinite(v)) || typeof v === "string";

function isValue(v: unknown, depth = 0): boolean {
  if (v === null || typeof v === "string" || (typeof v === "number" && Number.isFinite(v))) return true;
  return Array.isArray(v) && depth < 8 && v.every((x) => isValue(x, depth + 1));
}

function checkMicroOps(v: unknown): Check {
  if (!Array.isArray(v)) return bad("value", "a list of micro-ops for f \"txn\"", v);
  for (let i = 0; i < v.length; i++) {
    const m: unknown = v[i];
    const where = `value[${i}]`;
    if (!Array.isArray(m) || m.length !== 3) return bad(where, '["r"|"w"|"append", key, value]', m);
    if (m[0] !== "r" && m[0] !== "w" && m[0] !== "append") return bad(`${where}[0]`, '"r", "w" or "append"', m[0]);
    if (!isKey(m[1])) return bad(`${where}[1]`, "a key (number or string)", m[1]);
    if (!isValue(m[2])) return bad(`${where}[2]`, "a value (number, string, null or list)", m[2]);
  }
  return undefined;
}

function checkPair(v: unknown, f: string): Check {
  if (!Array.isArray(v) || v.length !== 2 || !isKey(v[0])) return bad("value", `[key, ${f === "cas" ? "[expected, new]" : "value"}] for f "${f}"`, v);
  if (f === "cas") {
    const p: unknown = v[1];
    if (!Array.isArray(p) || p.length !== 2 || !isValue(p[0]) || !isValue(p[1])) return bad("value[1]", "[expected, new] for f \"cas\"", p);
  } else if (!isValue(v[1])) return bad("value[1]", "a value (number, string, null or list)", v[1]);
  return undefined;
}

function checkSite(v: unknown, field: string): Check {
  if (!isObj(v)) return bad(field, "{thread, step, label?}", v);
  if (!isInt(v.thread)) return bad(`${field}.thread`, "an integer", v.thread);
  if (!isNat(v.step)) return bad(`${field}.step`, "an integer >= 0", v.step);
  if (v.label !== undefined && typeof v.label !== "string") return bad(`${field}.label`, "a string", v.label);
  return undefined;
}

function checkSystemValue(f: string, v: unknown): Check {
  switch (f) {
    case "crash":
    case "restart":
      return isObj(v) && isInt(v.pid) ? undefined : bad("value", `{pid} for f "${f}"`, v);
    case "power-loss":
    case "faults-stop":
    case "time-limit":
      return v === null || v === undefined ? undefined : bad("value", `null for f "${f}"`, v);
    case "snapshot-open":
      if (!isObj(v) || !isInt(v.txn)) return bad("value.txn", "an integer txn id", isObj(v) ? v.txn : v);
      return typeof v.ts === "number" && Number.isFinite(v.ts) ? undefined : bad("value.ts", "a number", v.ts);
    case "snapshot-close":
      return isObj(v) && isInt(v.txn) ? undefined : bad("value.txn", "an integer txn id", isObj(v) ? v.txn : v);
    case "memory":
      if (!isObj(v)) return bad("value", "{liveWords, liveVersions, garbageVersions}", v);
      for (const k of ["liveWords", "liveVersions", "garbageVersions"]) if (!isNat(v[k])) return bad(`value.${k}`, "an integer >= 0", v[k]);
      return undefined;
    case "gc-drop":
      if (!isObj(v)) return bad("value", "{key, commit, supersededBy, thread}", v);
      if (!isKey(v.key)) return bad("value.key", "a key", v.key);
      if (typeof v.commit !== "number") return bad("value.commit", "a number", v.commit);
      if (v.supersededBy !== null && typeof v.supersededBy !== "number") return bad("value.supersededBy", "a number or null", v.supersededBy);
      return isInt(v.thread) ? undefined : bad("value.thread", "an integer", v.thread);
    case "use-after-free":
      if (!isObj(v)) return bad("value", "{addr, op, thread, step, allocSite, freeSite}", v);
      if (!isNat(v.addr)) return bad("value.addr", "an integer >= 0", v.addr);
      if (typeof v.op !== "string") return bad("value.op", "a string", v.op);
      if (!isInt(v.thread)) return bad("value.thread", "an integer", v.thread);
      if (!isNat(v.step)) return bad("value.step", "an integer >= 0", v.step);
      return checkSite(v.allocSite, "value.allocSite") ?? checkSite(v.freeSite, "value.freeSite");
    default:
      return bad("f", "a known f", f);
  }
}

/** Returns the event or an error message (without file:line, which the caller adds). */
export function validateEvent(raw: unknown): HistoryEvent | string {
  if (!isObj(raw)) return `expected a JSON object, got ${show(raw)}`;
  if (typeof raw.type !== "string" || !TYPES.has(raw.type)) return bad("type", '"invoke", "ok", "fail" or "info"', raw.type);
  if (!isInt(raw.process)) return bad("process", "an integer", raw.process);
  if (typeof raw.f !== "string" || !(CLIENT_F.has(raw.f) || SYSTEM_F.has(raw.f))) return bad("f", "txn, read, write, cas, append or a system event", raw.f);
  const system = SYSTEM_F.has(raw.f);
  if (system && raw.process !== SYSTEM_PROCESS) return bad("process", `${SYSTEM_PROCESS} for system event "${raw.f}"`, raw.process);
  if (system && raw.type !== "info") return bad("type", `"info" for system event "${raw.f}"`, raw.type);
  if (!system && raw.process === SYSTEM_PROCESS) return bad("process", `a client process (${SYSTEM_PROCESS} is reserved for system events)`, raw.process);
  const err = system ? checkSystemValue(raw.f, raw.value) : raw.f === "txn" ? checkMicroOps(raw.value) : checkPair(raw.value, raw.f);
  if (err) return err;
  if (raw.index !== undefined && !isNat(raw.index)) return bad("index", "an integer >= 0", raw.index);
  if (raw.time !== undefined && !(typeof raw.time === "number" && raw.time >= 0)) return bad("time", "a number of microseconds >= 0", raw.time);
  if (raw.thread !== undefined && !isInt(raw.thread)) return bad("thread", "an integer", raw.thread);
  if (raw.error !== undefined && typeof raw.error !== "string") return bad("error", "a string", raw.error);
  if (raw.txn !== undefined) {
    const t = raw.txn;
    if (!isObj(t)) return bad("txn", "{id, start, commit?}", t);
    if (!isInt(t.id)) return bad("txn.id", "an integer", t.id);
    if (typeof t.start !== "number" || !Number.isFinite(t.start)) return bad("txn.start", "a number", t.start);
    if (t.commit !== undefined && (typeof t.commit !== "number" || !Number.isFinite(t.commit))) return bad("txn.commit", "a number", t.commit);
  }
  return raw as unknown as HistoryEvent;
}
