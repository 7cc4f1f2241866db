// Typed field readers over parsed JSON, tracking the field path, for the
// scenario validator. Contract: each reader returns a typed value or throws a
// FieldError whose message is `<path>: expected <what>, got <json>`; objects
// refuse fields they were not asked about (a typo must not pass silently).
import type { JsonValue } from "./scenario-json.js";

export class FieldError extends Error {
  override readonly name = "FieldError";
}

export function show(v: JsonValue | undefined): string {
  if (v === undefined) return "nothing";
  if (typeof v === "number" && !Number.isFinite(v)) return String(v); // JSON.stringify would say null
  const t = JSON.stringify(v);
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}

export function fail(path: string, expected: string, got: JsonValue | undefined): never {
  throw new FieldError(`${path}: expected ${expected}, got ${show(got)}`);
}

function join(path: string, name: string): string {
  return path === "" ? name : `${path}.${name}`;
}

export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  /** Why the limits are what they are (shown with the range when a value is refused). */
  readonly why?: string;
}

export function describeNumber(r: NumberRule): string {
  const kind = r.integer ? "an integer" : "a number";
  const why = r.why ? ` (${r.why})` : "";
  if (r.min !== undefined && r.max !== undefined) return `${kind} in [${r.min}, ${r.max}]${why}`;
  if (r.min !== undefined) return `${kind} >= ${r.min}${why}`;
  if (r.max !== undefined) return `${kind} <= ${r.max}${why}`;
  return `a finite ${kind.slice(kind.indexOf(" ") + 1)}${why}`;
}

export function asNumber(path: string, v: JsonValue | undefined, r: NumberRule): number {
  const okType = typeof v === "number" && Number.isFinite(v);
  if (!okType || (r.integer && !Number.isInteger(v)) || (r.min !== undefined && v < r.min) || (r.max !== undefined && v > r.max)) {
    fail(path, describeNumber(r), v);
  }
  return v as number;
}

export function asString(path: string, v: JsonValue | undefined): string {
  if (typeof v !== "string") fail(path, "a string", v);
  return v;
}

export function asBoolean(path: string, v: JsonValue | undefined): boolean {
  if (typeof v !== "boolean") fail(path, "true or false", v);
  return v;
}

export function asOneOf<T extends string>(path: string, v: JsonValue | undefined, options: readonly T[]): T {
  if (typeof v !== "string" || !(options as readonly string[]).includes(v)) fail(path, options.map((o) => `"${o}"`).join(" | "), v);
  return v as T;
}

export function asArray(path: string, v: JsonValue | undefined, what: string): JsonValue[] {
  if (!Array.isArray(v)) fail(path, `a list of ${what}`, v);
  return v;
}

/** An object whose fields are read one by one; `done()` refuses the rest. */
export class Fields {
  private readonly seen = new Set<string>();
  private readonly obj: { readonly [key: string]: JsonValue };

  constructor(
    readonly path: string,
    v: JsonValue | undefined,
    what = "an object",
  ) {
    if (typeof v !== "object" || v === null || Array.isArray(v)) fail(path === "" ? "(top level)" : path, what, v);
    this.obj = v;
  }

  at(name: string): string {
    return join(this.path, name);
  }

  has(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.obj, name);
  }

  raw(name: string): JsonValue | undefined {
    this.seen.add(name);
    return this.has(name) ? this.obj[name] : undefined;
  }

  required(name: string): JsonValue {
    const v = this.raw(name);
    if (v === undefined) throw new FieldError(`${this.at(name)}: required field is missing`);
    return v;
  }

  number(name: string, rule: NumberRule, fallback: number): number {
    const v = this.raw(name);
    return v === undefined ? fallback : asNumber(this.at(name), v, rule);
  }

  optionalNumber(name: string, rule: NumberRule): number | undefined {
    const v = this.raw(name);
    return v === undefined ? undefined : asNumber(this.at(name), v, rule);
  }

  string(name: string, fallback: string): string {
    const v = this.raw(name);
    return v === undefined ? fallback : asString(this.at(name), v);
  }

  boolean(name: string, fallback: boolean): boolean {
    const v = this.raw(name);
    return v === undefined ? fallback : asBoolean(this.at(name), v);
  }

  oneOf<T extends string>(name: string, options: readonly T[], fallback: T): T {
    const v = this.raw(name);
    return v === undefined ? fallback : asOneOf(this.at(name), v, options);
  }

  /** A nested object (an empty one when absent). */
  object(name: string): Fields {
    const v = this.raw(name);
    return new Fields(this.at(name), v === undefined ? {} : v);
  }

  /** Refuses any field not read; lists the known ones. */
  done(): void {
    for (const k of Object.keys(this.obj)) {
      if (!this.seen.has(k)) {
        const known = [...this.seen].sort().join(", ");
        throw new FieldError(`${this.at(k)}: unknown field (expected one of: ${known})`);
      }
    }
  }
}
