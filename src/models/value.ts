// Structural equality and printing of history values (registers and lists).
// Contract: null and the empty list are distinct except where a caller says so;
// printing is deterministic (JSON of the value).
import type { Value } from "../history/events.js";

export function valueEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valueEqual(a[i]!, b[i]!)) return false;
    return true;
  }
  return false;
}

/** Lists treat absent (null) as the empty list: a read of a never-appended key may give either. */
export function listEqual(a: Value, b: Value): boolean {
  const la = a === null ? [] : a;
  const lb = b === null ? [] : b;
  return valueEqual(la, lb);
}

export function showValue(v: unknown): string {
  return v === undefined ? "?" : JSON.stringify(v);
}

/** A stable map key for a value (numbers and strings do not collide). */
export function valueKey(v: Value): string {
  return typeof v === "string" ? `s${v}` : JSON.stringify(v);
}
