// The duplicate-key and nesting scan for JSONL lines: its fast path (a count of
// `":` against the keys JSON.parse kept) never clears a line that has a duplicate,
// whatever the whitespace, escapes, nesting, or `":` inside strings.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scanJsonLine, scanExactly } from "../../src/history/json-line-scan.js";

// A JSON object as text, built from parts, with whether some object in it repeats a key.
type Built = { text: string; dup: boolean };
const keyName = fc.constantFrom("a", "b", "type", ":", "\\u0061", "x\\\":", "");
// Mostly no whitespace and plain values, so the fast path (not only the exact scan) is exercised.
const ws = fc.oneof({ arbitrary: fc.constant(""), weight: 12 }, { arbitrary: fc.constantFrom(" ", "\t", "  "), weight: 1 });
const scalar = fc.oneof({ arbitrary: fc.constantFrom("1", "null", '"a"', "[]"), weight: 8 }, { arbitrary: fc.constantFrom('":x"', '"\\":"', '[":"]'), weight: 1 });
const decoded = (k: string): string => JSON.parse(`"${k}"`) as string;

const objectText = (depth: number): fc.Arbitrary<Built> =>
  fc
    .array(fc.tuple(keyName, ws, ws, depth > 0 ? fc.oneof(scalar.map((s) => ({ text: s, dup: false })), fc.constant(null).chain(() => objectText(depth - 1)), fc.constant(null).chain(() => objectText(depth - 1)).map((o) => ({ text: `[${o.text}]`, dup: o.dup }))) : scalar.map((s) => ({ text: s, dup: false }))), { maxLength: 5 })
    .map((entries) => {
      const names = entries.map(([k]) => decoded(k));
      const dupHere = new Set(names).size < names.length;
      const text = `{${entries.map(([k, w1, w2, v]) => `"${k}"${w1}:${w2}${v.text}`).join(",")}}`;
      return { text, dup: dupHere || entries.some(([, , , v]) => v.dup) };
    });

describe("scanJsonLine", () => {
  it("reports a duplicate key exactly when some object repeats one", () => {
    fc.assert(
      fc.property(fc.oneof(objectText(0), objectText(1), objectText(3)), ({ text, dup }) => {
        const parsed: unknown = JSON.parse(text);
        const fast = scanJsonLine(text, parsed);
        expect(fast === undefined ? "none" : fast.includes("appears twice") ? "dup" : fast).toBe(dup ? "dup" : "none");
        expect(scanExactly(text) === undefined).toBe(!dup);
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it("refuses nesting past 1000 and accepts 1000", () => {
    const nest = (n: number) => "[".repeat(n) + "]".repeat(n);
    expect(scanJsonLine(nest(1000), JSON.parse(nest(1000)))).toBeUndefined();
    expect(scanJsonLine(nest(1001), JSON.parse(nest(1001)))).toBe("nested deeper than 1000 levels");
    const obj = (n: number): string => (n === 0 ? "1" : `{"k":${obj(n - 1)}}`);
    expect(scanJsonLine(obj(1001), JSON.parse(obj(1001)))).toBe("nested deeper than 1000 levels");
  });
});
