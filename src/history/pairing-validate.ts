// History validation across events (Elle's word), run before any checker:
// each completion follows an open invoke of its process and matches it (same
// f, keys, written values; reads may fill in values), a process has at most
// one op open, indexes strictly increase, and there is at least one event.
// An invoke never completed is legal (Jepsen reads it as info). Rules in
// docs/history-format.md ("Validation"). Contract: undefined or "file:line: ...".
import { SYSTEM_PROCESS, type HistoryEvent, type Value } from "./events.js";

function show(v: unknown): string {
  const s = JSON.stringify(v) ?? "nothing";
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
  return true;
}

type Micro = readonly [string, unknown, Value];

/** Why `done` cannot complete `inv` (both of one process, validated events), or undefined. */
export function pairingMismatch(inv: HistoryEvent, done: HistoryEvent): string | undefined {
  if (done.f !== inv.f) return `its f "${done.f}" differs from its invoke's "${inv.f}"`;
  if (inv.f === "txn") {
    const a = inv.value as readonly Micro[];
    const b = done.value as readonly Micro[];
    // A txn that failed or ended unknown may report only the micro-ops it got through (a prefix).
    if (done.type === "ok" ? b.length !== a.length : b.length > a.length) {
      return `it has ${b.length} micro-ops where its invoke has ${a.length}${done.type === "ok" ? "" : " (a failed or unknown txn may report a prefix, not more)"}`;
    }
    for (let i = 0; i < b.length; i++) {
      const [fa, ka, va] = a[i]!;
      const [fb, kb, vb] = b[i]!;
      if (fa !== fb) return `micro-op ${i} is "${fb}" where its invoke has "${fa}"`;
      if (ka !== kb) return `micro-op ${i} is on key ${show(kb)} where its invoke has ${show(ka)}`;
      if (fa !== "r" && !sameValue(va, vb)) return `micro-op ${i} (${fa} ${show(ka)}) has value ${show(vb)} where its invoke has ${show(va)}`;
    }
    return undefined;
  }
  const [ka, va] = inv.value as readonly [unknown, unknown];
  const [kb, vb] = done.value as readonly [unknown, unknown];
  if (ka !== kb) return `its key ${show(kb)} differs from its invoke's ${show(ka)}`;
  if (inv.f !== "read" && !sameValue(va, vb)) return `its value ${show(vb)} differs from its invoke's ${show(va)}`;
  return undefined;
}

/** `lines[i]` is the line `events[i]` came from. */
export function validatePairing(events: readonly HistoryEvent[], lines: readonly number[], file: string): string | undefined {
  if (events.length === 0) return `${file}:1: empty history: no events to check`;
  const open = new Map<number, number>(); // process -> position of its open invoke
  let lastIndex = -1;
  let lastIndexAt = -1;
  const where = (i: number): string => `${file}:${lines[i]}`;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.index !== undefined) {
      if (lastIndexAt >= 0 && e.index <= lastIndex) {
        return `${where(i)}: index ${e.index} ${e.index === lastIndex ? "repeats" : "is below"} the index ${lastIndex} of line ${lines[lastIndexAt]} (indexes must strictly increase)`;
      }
      lastIndex = e.index;
      lastIndexAt = i;
    }
    if (e.process === SYSTEM_PROCESS) continue; // system events stand alone
    const openAt = open.get(e.process);
    if (e.type === "invoke") {
      if (openAt !== undefined) return `${where(i)}: process ${e.process} invokes again while its invoke on line ${lines[openAt]} has no completion`;
      open.set(e.process, i);
      continue;
    }
    if (openAt === undefined) return `${where(i)}: ${e.type} of process ${e.process} with no invoke open for it (a completion must follow its process's invoke)`;
    const why = pairingMismatch(events[openAt]!, e);
    if (why !== undefined) return `${where(i)}: this ${e.type} does not complete the invoke on line ${lines[openAt]}: ${why}`;
    open.delete(e.process);
  }
  return undefined;
}
