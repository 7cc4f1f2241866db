import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decodeText, encodeText, hashBytes, sameText } from "../../src/engine/codec.js";

describe("codec", () => {
  it("decode(encode(s)) is s for any string, and a key matches only itself", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string(), (s, t) => {
        const e = encodeText(s);
        expect(decodeText(e.words, e.bytes.length)).toBe(s);
        expect(sameText(e.words, e.bytes.length, e)).toBe(true);
        const f = encodeText(t);
        expect(sameText(f.words, f.bytes.length, e)).toBe(s === t);
      }),
    );
  });
  it("hashes are unsigned 32-bit and deterministic", () => {
    const h = hashBytes(encodeText("k1").bytes);
    expect(h).toBe(hashBytes(encodeText("k1").bytes));
    expect(h).toBeGreaterThanOrEqual(0);
    expect(h).toBeLessThan(2 ** 32);
    expect(h).not.toBe(hashBytes(encodeText("k2").bytes));
  });
});
