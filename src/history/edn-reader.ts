// A small EDN reader: maps, vectors, lists, sets, keywords, symbols, integers
// (negative too), floats, strings with escapes, characters, nil/true/false,
// `;` comments, commas as whitespace, `#_` discard and tagged literals.
// Errors are values naming the line, column, what was expected and what came.
// Nesting past MAX_NESTING_DEPTH is an error, so hostile input cannot blow the stack.
import { MAX_NESTING_DEPTH } from "./events.js";

export type Edn =
  | null
  | boolean
  | number
  | string
  | { readonly kind: "keyword"; readonly name: string }
  | { readonly kind: "symbol"; readonly name: string }
  | { readonly kind: "char"; readonly value: string }
  | { readonly kind: "vector" | "list" | "set"; readonly items: readonly Edn[] }
  | { readonly kind: "map"; readonly entries: readonly (readonly [Edn, Edn])[] }
  | { readonly kind: "tagged"; readonly tag: string; readonly value: Edn };

export interface EdnError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export type EdnResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: EdnError };

const DELIMITERS = new Set([" ", "\t", "\n", "\r", ",", "(", ")", "[", "]", "{", "}", '"', ";"]);
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', "\\": "\\", n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", "/": "/" };
const CHAR_NAMES: Readonly<Record<string, string>> = { newline: "\n", space: " ", tab: "\t", return: "\r", backspace: "\b", formfeed: "\f" };
const NUMBER = /^[+-]?\d+(\.\d*)?([eE][+-]?\d+)?[NM]?$/;

/** Reads exactly one form from `text` (a line); only whitespace and comments may follow it. */
export function readEdn(text: string, line = 1): EdnResult<Edn> {
  const r = new Reader(text, line);
  const v = r.form();
  if (r.error !== undefined) return { ok: false, error: r.error };
  r.skip();
  if (r.pos < text.length) return { ok: false, error: r.fail("end of input", r.describeHere()) };
  return { ok: true, value: v! };
}

class Reader {
  pos = 0;
  error: EdnError | undefined;
  /** invariant: the number of collections and tagged forms open around `pos`. */
  private depth = 0;

  constructor(
    readonly text: string,
    readonly line: number,
  ) {}

  fail(expected: string, got: string): EdnError {
    // invariant: only the first error is kept; later ones follow from it
    this.error ??= { line: this.line + this.linesBefore(), column: this.column(), message: `expected ${expected}, got ${got}` };
    return this.error;
  }

  private linesBefore(): number {
    let n = 0;
    for (let i = 0; i < this.pos && i < this.text.length; i++) if (this.text[i] === "\n") n++;
    return n;
  }

  private column(): number {
    const nl = this.text.lastIndexOf("\n", this.pos - 1);
    return this.pos - nl;
  }

  describeHere(): string {
    if (this.pos >= this.text.length) return "end of line";
    const c = this.text[this.pos]!;
    return c === "\n" ? "end of line" : JSON.stringify(c);
  }

  skip(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos]!;
      if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === ",") this.pos++;
      else if (c === ";") while (this.pos < t.length && t[this.pos] !== "\n") this.pos++;
      else break;
    }
  }

  /** One form, or undefined with `error` set. */
  form(): Edn | undefined {
    if (this.error !== undefined) return undefined;
    this.skip();
    const t = this.text;
    if (this.pos >= t.length) {
      this.fail("a value", "end of line");
      return undefined;
    }
    const c = t[this.pos]!;
    switch (c) {
      case "{":
      case "[":
      case "(":
      case "#":
        return this.nested(c);
      case '"':
        return this.string();
      case ":": {
        this.pos++;
        const name = this.token();
        if (name === "") {
          this.fail("a keyword name after ':'", this.describeHere());
          return undefined;
        }
        return { kind: "keyword", name };
      }
      case "\\":
        return this.char();
      case ")":
      case "]":
      case "}":
        this.fail("a value", JSON.stringify(c));
        return undefined;
      default:
        return this.atom();
    }
  }

  /** A collection or a dispatch form, one level deeper. */
  private nested(c: string): Edn | undefined {
    if (this.depth >= MAX_NESTING_DEPTH) {
      this.fail(`at most ${MAX_NESTING_DEPTH} levels of nesting`, "deeper nesting");
      return undefined;
    }
    this.depth++;
    const v = c === "{" ? this.map() : c === "[" ? this.seq("]", "vector") : c === "(" ? this.seq(")", "list") : this.dispatch();
    this.depth--;
    return v;
  }

  private token(): string {
    const start = this.pos;
    while (this.pos < this.text.length && !DELIMITERS.has(this.text[this.pos]!)) this.pos++;
    return this.text.slice(start, this.pos);
  }

  private atom(): Edn | undefined {
    const start = this.pos;
    const tok = this.token();
    if (tok === "nil") return null;
    if (tok === "true") return true;
    if (tok === "false") return false;
    if (/^[+-]?\d/.test(tok)) {
      if (!NUMBER.test(tok)) {
        this.pos = start;
        this.fail("a number", JSON.stringify(tok));
        return undefined;
      }
      return Number(tok.replace(/[NM]$/, ""));
    }
    return { kind: "symbol", name: tok };
  }

  private seq(close: string, kind: "vector" | "list" | "set"): Edn | undefined {
    this.pos++;
    const items: Edn[] = [];
    for (;;) {
      this.skip();
      if (this.pos >= this.text.length) {
        this.fail(`a value or '${close}'`, "end of line");
        return undefined;
      }
      if (this.text[this.pos] === close) {
        this.pos++;
        return { kind, items };
      }
      if (this.discard()) continue;
      if (")]}".includes(this.text[this.pos]!)) {
        this.fail(`a value or '${close}'`, JSON.stringify(this.text[this.pos]));
        return undefined;
      }
      const v = this.form();
      if (v === undefined) return undefined;
      items.push(v);
    }
  }

  private map(): Edn | undefined {
    this.pos++;
    const entries: [Edn, Edn][] = [];
    for (;;) {
      this.skip();
      if (this.pos >= this.text.length) {
        this.fail("a key or '}'", "end of line");
        return undefined;
      }
      if (this.text[this.pos] === "}") {
        this.pos++;
        return { kind: "map", entries };
      }
      if (this.discard()) continue;
      if (")]".includes(this.text[this.pos]!)) {
        this.fail("a key or '}'", JSON.stringify(this.text[this.pos]));
        return undefined;
      }
      const k = this.form();
      if (k === undefined) return undefined;
      this.skip();
      if (this.text[this.pos] === "}") {
        this.fail("a value after the map key", "'}'");
        return undefined;
      }
      const v = this.form();
      if (v === undefined) return undefined;
      entries.push([k, v]);
    }
  }

  /** Skips a `#_ form`; true when it did. */
  private discard(): boolean {
    if (this.text.startsWith("#_", this.pos)) {
      this.pos += 2;
      this.form();
      return true;
    }
    return false;
  }

  private dispatch(): Edn | undefined {
    const next = this.text[this.pos + 1];
    if (next === "{") {
      this.pos++;
      return this.seq("}", "set");
    }
    if (next === "_") {
      this.pos += 2;
      if (this.form() === undefined) return undefined;
      return this.form();
    }
    this.pos++;
    const tag = this.token();
    if (tag === "") {
      this.fail("a tag, '{' or '_' after '#'", this.describeHere());
      return undefined;
    }
    const value = this.form();
    return value === undefined ? undefined : { kind: "tagged", tag, value };
  }

  private string(): Edn | undefined {
    const t = this.text;
    this.pos++;
    let out = "";
    for (;;) {
      if (this.pos >= t.length) {
        this.fail("a closing '\"'", "end of line");
        return undefined;
      }
      const c = t[this.pos++]!;
      if (c === '"') return out;
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = t[this.pos++];
      if (e === "u") {
        const hex = t.slice(this.pos, this.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
          this.fail("4 hex digits after \\u", JSON.stringify(hex));
          return undefined;
        }
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += 4;
      } else if (e !== undefined && ESCAPES[e] !== undefined) {
        out += ESCAPES[e];
      } else {
        this.pos--;
        this.fail('an escape (\\" \\\\ \\n \\t \\r \\b \\f \\uXXXX)', e === undefined ? "end of line" : JSON.stringify(`\\${e}`));
        return undefined;
      }
    }
  }

  private char(): Edn | undefined {
    this.pos++;
    const first = this.text[this.pos];
    if (first === undefined) {
      this.fail("a character after '\\'", "end of line");
      return undefined;
    }
    this.pos++;
    const rest = this.token();
    const tok = first + rest;
    if (tok.length === 1) return { kind: "char", value: tok };
    const named = CHAR_NAMES[tok];
    if (named !== undefined) return { kind: "char", value: named };
    if (/^u[0-9a-fA-F]{4}$/.test(tok)) return { kind: "char", value: String.fromCharCode(parseInt(tok.slice(1), 16)) };
    this.fail("a character name", JSON.stringify(tok));
    return undefined;
  }
}
