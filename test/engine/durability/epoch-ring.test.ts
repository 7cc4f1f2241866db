import { describe, expect, it } from "vitest";
import { DirtyBuffers } from "../../../src/engine/durability/dirty-buffer.js";
import { EpochRing } from "../../../src/engine/durability/epoch-ring.js";

describe("epoch ring", () => {
  it("groups keys by epoch, refuses epochs past the ring, keeps partially covered epochs", () => {
    const r = new EpochRing(4, 2, 0); // epochs of seqs 1-4, 5-8, ...
    r.add({ seq: 1, keys: ["a"] }, true);
    r.add({ seq: 5, keys: ["b"] }, false);
    expect(r.accepts(8)).toBe(true);
    expect(r.accepts(9)).toBe(false);
    expect(r.full).toBe(true);
    expect([...r.keysThrough(4)]).toEqual(["a"]);
    expect([...r.keysThrough(8)].sort()).toEqual(["a", "b"]);
    r.discardThrough(4);
    expect([...r.keysThrough(8)]).toEqual(["b"]);
    expect(r.accepts(9)).toBe(true);
    r.add({ seq: 3, keys: ["late"] }, true); // already covered: ignored
    expect(r.keysThrough(100).has("late")).toBe(false);
  });

  it("a hole in the seqs marks it incomplete only when holes are detected", () => {
    const r = new EpochRing(4, 4, 0);
    r.add({ seq: 1, keys: [] }, true);
    r.add({ seq: 3, keys: [] }, false);
    expect(r.incomplete).toBe(false);
    r.add({ seq: 5, keys: [] }, true);
    expect(r.incomplete).toBe(true);
    r.add({ seq: 5, keys: ["dup"] }, true); // a duplicate is not a hole
    r.discardThrough(4);
    expect(r.incomplete).toBe(false);
  });
});

describe("dirty buffers", () => {
  it("each thread takes exactly what it marked", () => {
    const b = new DirtyBuffers();
    b.mark(1, "x");
    b.mark(2, "y");
    b.mark(1, "w");
    b.mark(1, "x");
    expect(b.take(1)).toEqual(["w", "x"]);
    expect(b.take(1)).toEqual([]);
    expect(b.take(2)).toEqual(["y"]);
  });
});
