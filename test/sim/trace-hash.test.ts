import { describe, expect, it } from "vitest";
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
