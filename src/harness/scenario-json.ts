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
    if (c === "{") return this.object();
    if (c === "[") return this.array();
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
