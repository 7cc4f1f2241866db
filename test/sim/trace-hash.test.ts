import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TraceHash } from "../../src/sim/trace-hash.js";

// FNV-1a 64 reference vectors over bytes (our addString appends a 0 terminator,
// so compare the string "a" + NUL against the published hash of "a\0").
function fnvOfBytes(bytes: number[]): string {
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, "0");
}

describe("trace hash", () => {
  it("matches a BigInt FNV-1a 64 reference", () => {
    expect(new TraceHash().addString("a").digest()).toBe(fnvOfBytes([0x61, 0]));
    expect(new TraceHash().addString("foobar").digest()).toBe(fnvOfBytes([...Buffer.from("foobar"), 0]));
    expect(new TraceHash().addInt(0x01020304).digest()).toBe(fnvOfBytes([4, 3, 2, 1]));
  });

  it("distinguishes order and boundaries", () => {
    const h = (parts: string[]) => parts.reduce((t, p) => t.addString(p), new TraceHash()).digest();
    expect(h(["ab", "c"])).not.toBe(h(["a", "bc"]));
    expect(new TraceHash().addInt(1).addInt(2).digest()).not.toBe(new TraceHash().addInt(2).addInt(1).digest());
    expect(new TraceHash().addInt(2 ** 40).digest()).not.toBe(new TraceHash().addInt(0).digest());
  });
});

// addJson(v) must hash exactly what addString(JSON.stringify(v)) hashes: the
// recorder hashes every history event with it, and pinned hashes depend on it.
describe("trace hash of JSON without the string", () => {
  const same = (v: object): void => {
    const fast = new TraceHash().addInt(7).addJson(v).addInt(9).digest();
    const slow = new TraceHash().addInt(7).addString(JSON.stringify(v)).addInt(9).digest();
    expect(fast, JSON.stringify(v)).toBe(slow);
  };

  it("is addString(JSON.stringify(v)) for any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => same({ v })),
      { numRuns: 2000 },
    );
  });

  it("is addString(JSON.stringify(v)) for any object, array, string and number", () => {
    const any = fc.anything({
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      withUnicodeString: true,
    }).filter((x) => {
      try {
        return JSON.stringify({ x }) !== undefined;
      } catch {
        return false; // a bigint inside: JSON.stringify throws, and so does addJson
      }
    });
    fc.assert(fc.property(any, (x) => same({ x })), { numRuns: 2000 });
    fc.assert(fc.property(fc.array(fc.oneof(fc.double(), fc.integer({ min: -(2 ** 31), max: 2 ** 31 }), fc.string({ unit: "binary" }))), (a) => same(a)));
  });

  it("covers the cases JSON treats specially", () => {
    same({ type: "ok", process: -1, f: "txn", value: [["r", 13, [18, 22]], ["append", 6, 65]], thread: 9, index: 238, time: 44507 });
    same({ a: undefined, b: () => 1, c: Symbol("s"), d: [undefined, () => 1, Symbol("t")], e: null });
    same({ z: 1, 2: "two", a: 3, 1: "one", "-1": 4, "01": 5 });
    same([0, -0, NaN, Infinity, -Infinity, 1e21, 1e-7, 0.1, -(2 ** 31), 2 ** 31, 2 ** 31 - 1, 2 ** 53, -5, 1234567890]);
    same({ s: 'quote " backslash \\ nl \n tab \t nul \u0000 del \u007f é € 😀 lone \ud800 lone \udc00 pair \ud83d\ude00' });
    same({ ["k\"ey\n"]: 1, ["ключ"]: 2 });
    same({ when: new Date(0), nested: { toJSON: (k: string) => `key:${k}` }, arr: [{ toJSON: () => undefined }] });
    same({ boxed: [Object(1), Object("s"), Object(true)], map: new Map([[1, 2]]), set: new Set([1]), nul: Object.create(null) as object });
    const inherited = Object.create({ inheritedKey: 1 }) as Record<string, number>;
    inherited.own = 2;
    same({ inherited, sparse: [1, , 3] });
    expect(() => new TraceHash().addJson({ big: 1n })).toThrow(TypeError);
  });
});
