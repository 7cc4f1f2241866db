// A strict JSON reader for scenario files: plain JSON values, but syntax errors
// come back as `file:line:column: message` and duplicate keys are refused
// (JSON.parse keeps the last one silently, which hides typos in long files).
// Contract: never throws; numbers are JS numbers, objects are null-prototype-free plain objects.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type JsonRead = { readonly ok: true; readonly value: JsonValue } | { readonly ok: false; readonly error: string };

class JsonSyntax extends Error {
  constructor(
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

/** Nesting depth at most: a scenario is 4 levels deep; a deeper file is refused, not a stack overflow. */
export const JSON_DEPTH_MAX = 32;

/** Decodes UTF-8 strictly (invalid bytes are an error, not U+FFFD), then parses. */
export function readJsonBytes(bytes: Uint8Array, file: string): JsonRead {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    let at = 0;
    // Find the first bad byte for the message: decode growing prefixes is quadratic, so scan once.
    for (let i = 0; i < bytes.length; ) {
      const b = bytes[i]!;
      const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
      let ok = n > 0 && i + n <= bytes.length;
      for (let k = 1; ok && k < n; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
      if (ok && n > 1) ok = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(i, i + n)).length > 0;
      if (!ok) {
        at = i;
        break;
      }
      i += n;
    }
    return { ok: false, error: `${file}: byte ${at}: invalid UTF-8 (a scenario file is UTF-8 text)` };
  }
  return readJson(text, file);
}

/** Parses `text` as one JSON value; `file` prefixes error messages. */
export function readJson(text: string, file: string): JsonRead {
  const p = new Parser(text);
  try {
    p.space();
    const value = p.value();
    p.space();
    if (p.i < text.length) throw new JsonSyntax(p.i, `unexpected ${p.show()} after the JSON value`);
    return { ok: true, value };
  } catch (e) {
    if (!(e instanceof JsonSyntax)) throw e;
    const { line, column } = lineColumn(text, e.at);
    return { ok: false, error: `${file}:${line}:${column}: ${e.message}` };
  }
}

export function lineColumn(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < at && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: at - start + 1 };
}

const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

class Parser {
  i = 0;
  private depth = 0;
  constructor(private readonly s: string) {}

  show(): string {
    return this.i >= this.s.length ? "end of file" : JSON.stringify(this.s[this.i]);
  }

  space(): void {
    while (this.i < this.s.length && " \t\r\n".includes(this.s[this.i]!)) this.i++;
  }

  expect(ch: string, what: string): void {
    if (this.s[this.i] !== ch) throw new JsonSyntax(this.i, `expected ${what}, got ${this.show()}`);
    this.i++;
  }

  value(): JsonValue {
    const c = this.s[this.i];
    if (c === "{" || c === "[") {
      if (++this.depth > JSON_DEPTH_MAX) throw new JsonSyntax(this.i, `nested deeper than ${JSON_DEPTH_MAX} levels`);
      const v = c === "{" ? this.object() : this.array();
      this.depth--;
      return v;
    }
    if (c === '"') return this.string();
    for (const [word, v] of [["true", true], ["false", false], ["null", null]] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.s);
    if (m) {
      this.i += m[0].length;
      return Number(m[0]);
    }
    throw new JsonSyntax(this.i, `expected a JSON value, got ${this.show()}`);
  }

  object(): JsonValue {
    const out: { [key: string]: JsonValue } = {};
    this.i++;
    this.space();
    if (this.s[this.i] === "}") {
      this.i++;
      return out;
    }
    for (;;) {
      this.space();
      const at = this.i;
      if (this.s[this.i] !== '"') throw new JsonSyntax(this.i, `expected a double-quoted property name, got ${this.show()}`);
      const key = this.string();
      if (Object.prototype.hasOwnProperty.call(out, key)) throw new JsonSyntax(at, `duplicate key "${key}"`);
      this.space();
      this.expect(":", `':' after property name "${key}"`);
      this.space();
      Object.defineProperty(out, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.space();
      if (this.s[this.i] === ",") {
        this.i++;
        this.space();
        if (this.s[this.i] === "}") throw new JsonSyntax(this.i, "trailing comma before '}'");
        continue;
      }
      this.expect("}", "',' or '}' after a property value");
      return out;
    }
  }

  array(): JsonValue {
    const out: JsonValue[] = [];
    this.i++;
    this.space();
    if (this.s[this.i] === "]") {
      this.i++;
      return out;
    }
    for (;;) {
      this.space();
      out.push(this.value());
      this.space();
      if (this.s[this.i] === ",") {
        this.i++;
        this.space();
        if (this.s[this.i] === "]") throw new JsonSyntax(this.i, "trailing comma before ']'");
        continue;
      }
      this.expect("]", "',' or ']' after an array element");
      return out;
    }
  }

  string(): string {
    const start = this.i;
    this.i++;
    let out = "";
    for (;;) {
      if (this.i >= this.s.length) throw new JsonSyntax(start, "unterminated string");
      const c = this.s[this.i]!;
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c.charCodeAt(0) < 0x20) throw new JsonSyntax(this.i, "control character in a string (escape it)");
      if (c !== "\\") {
        out += c;
        this.i++;
        continue;
      }
      const e = this.s[this.i + 1];
      if (e === "u" && /^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i + 2, this.i + 6))) {
        out += String.fromCharCode(parseInt(this.s.slice(this.i + 2, this.i + 6), 16));
        this.i += 6;
      } else if (e !== undefined && ESCAPES[e] !== undefined) {
        out += ESCAPES[e];
        this.i += 2;
      } else {
        throw new JsonSyntax(this.i, `bad escape in a string`);
      }
    }
  }
}
