// For a JSON line that JSON.parse already accepted, the two things JSON.parse
// does not tell: nesting deeper than MAX_NESTING_DEPTH, and a key given twice
// in one object (JSON.parse silently keeps the last). A count of colons
// clears almost every line; the rest get an exact character scan.
// Contract: returns undefined or a one-line message.
import { MAX_NESTING_DEPTH } from "./events.js";

const QUOTE = 34;
const BACKSLASH = 92;

/** The key text of the string literal between quotes at `from` and `to` (exclusive). */
function keyText(line: string, from: number, to: number): string {
  const raw = line.slice(from, to);
  return raw.includes("\\") ? (JSON.parse(`"${raw}"`) as string) : raw;
}

/** Keys of plain objects in `v` down to two levels of objects (arrays are not entered). */
function shallowKeyCount(v: unknown, levels: number): number {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return 0;
  let n = 0;
  for (const k in v) {
    n++;
    if (levels > 0) n += shallowKeyCount((v as Record<string, unknown>)[k], levels - 1);
  }
  return n;
}

/**
 * True when `line` certainly has no duplicate key and is too short to nest too deep.
 * Why it is exact: in valid JSON every colon outside a string follows a key, one per
 * key, so colons in the line >= keys in the source >= keys JSON.parse kept; equality
 * with the kept count leaves no room for a duplicate. Counting fewer kept keys (objects
 * inside arrays are not walked) or a colon inside a string only sends a line to the scan.
 */
function clearlyFine(line: string, parsed: unknown): boolean {
  if (line.length >= 2 * MAX_NESTING_DEPTH + 2) return false;
  let colons = 0;
  for (let i = line.indexOf(":"); i >= 0; i = line.indexOf(":", i + 1)) colons++;
  return colons === shallowKeyCount(parsed, 2);
}

/** For a line JSON.parse turned into `parsed`: the first nesting or duplicate-key problem, if any. */
export function scanJsonLine(line: string, parsed: unknown): string | undefined {
  return clearlyFine(line, parsed) ? undefined : scanExactly(line);
}

/** The exact character scan. */
export function scanExactly(line: string): string | undefined {
  // invariant: keysAt[d] holds the keys seen so far in the object open at depth d
  // (null for an array); arrays are reused from line to line by depth.
  const keysAt: (string[] | null)[] = [];
  let depth = 0;
  let expectKey = false;
  const n = line.length;
  for (let i = 0; i < n; i++) {
    const c = line.charCodeAt(i);
    if (c === QUOTE) {
      let j = i + 1;
      for (;;) {
        j = line.indexOf('"', j);
        let slashes = 0;
        while (line.charCodeAt(j - 1 - slashes) === BACKSLASH) slashes++;
        if (slashes % 2 === 0) break;
        j++;
      }
      if (expectKey) {
        const keys = keysAt[depth - 1]!;
        const key = keyText(line, i + 1, j);
        if (keys.includes(key)) return `key ${JSON.stringify(key)} appears twice in one object (JSON.parse would silently keep the last)`;
        keys.push(key);
        expectKey = false;
      }
      i = j;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > MAX_NESTING_DEPTH) return `nested deeper than ${MAX_NESTING_DEPTH} levels`;
      if (c === 123) {
        const keys = keysAt[depth - 1];
        if (keys) keys.length = 0;
        else keysAt[depth - 1] = [];
        expectKey = true;
      } else {
        keysAt[depth - 1] = null;
      }
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      expectKey = false;
    } else if (c === 44 /* , */) {
      expectKey = depth > 0 && keysAt[depth - 1] !== null;
    }
  }
  return undefined;
}
