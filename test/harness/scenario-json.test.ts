// The positioned JSON reader agrees with JSON.parse on every JSON text, and
// refuses what JSON.parse refuses (plus duplicate keys).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lineColumn, readJson } from "../../src/harness/scenario-json.js";

describe("readJson", () => {
  it("reads what JSON.stringify writes, as JSON.parse does", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (v, pretty) => {
        const text = pretty ? JSON.stringify(v, null, 2) : JSON.stringify(v);
        const r = readJson(text, "f.json");
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.value).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it("refuses text JSON.parse refuses", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        if (!parses) expect(readJson(text, "f.json").ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("refuses duplicate keys, which JSON.parse accepts", () => {
    const r = readJson('{"a": 1, "a": 2}', "f.json");
    expect(r.ok ? "" : r.error).toBe('f.json:1:10: duplicate key "a"');
  });

  it("counts lines and columns from 1", () => {
    expect(lineColumn("ab\ncd", 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
  });
});
