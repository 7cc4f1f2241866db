// The shared allocator on one thread: zeroed, even, disjoint blocks inside the
// arena and past the reserved header; freed blocks come back (same class);
// bad and double frees are refused; a full arena is a typed error.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ArenaFullError } from "../../src/engine/ports.js";
import { BadFreeError, SharedAllocator } from "../../src/real/shared-allocator.js";
import { createShared, layoutFor } from "../../src/real/shared-layout.js";

function allocator(words = 4096, reservedWords = 64): { a: SharedAllocator; i32: Int32Array } {
  const layout = layoutFor({ words, reservedWords, maxPids: 2, maxWorkers: 1, logWordsPerWorker: 0 });
  const i32 = new Int32Array(createShared(layout));
  return { a: new SharedAllocator(i32, layout), i32 };
}

describe("SharedAllocator", () => {
  it("hands out zeroed, even, disjoint blocks; frees make room again", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 80 }), fc.constant(-1)), { maxLength: 120 }),
        (script) => {
          const { a, i32 } = allocator();
          const live = new Map<number, number>();
          for (const s of script) {
            if (s < 0) {
              const first = live.keys().next();
              if (first.done) continue;
              a.free(first.value);
              live.delete(first.value);
              continue;
            }
            let addr: number;
            try {
              addr = a.alloc(s);
            } catch (e) {
              expect(e).toBeInstanceOf(ArenaFullError);
              continue;
            }
            expect(addr % 2).toBe(0);
            expect(addr).toBeGreaterThanOrEqual(64);
            expect(addr + s).toBeLessThanOrEqual(4096);
            expect(Array.from(i32.subarray(addr, addr + s)).every((w) => w === 0)).toBe(true);
            for (const [b, n] of live) expect(addr + Math.max(s, 1) <= b || b + Math.max(n, 1) <= addr).toBe(true);
            i32.fill(-7, addr, addr + s);
            live.set(addr, s);
          }
          const sizes = [...live.values()].reduce((n, s) => n + Math.max(2, s + (s % 2)), 0);
          expect(a.liveWords()).toBeGreaterThanOrEqual(sizes);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("reuses a freed block of the same size class", () => {
    const { a } = allocator();
    const x = a.alloc(10);
    a.alloc(10);
    a.free(x);
    expect(a.alloc(9)).toBe(x);
  });

  it("refuses double frees and frees of non-blocks", () => {
    const { a } = allocator();
    const x = a.alloc(4);
    a.free(x);
    expect(() => a.free(x)).toThrow(/double free/);
    expect(() => a.free(x + 1)).toThrow(BadFreeError);
    expect(() => a.free(4000)).toThrow(/no block header/);
  });

  it("a full arena throws ArenaFullError and stays usable", () => {
    const { a } = allocator(256, 16);
    const got: number[] = [];
    expect(() => {
      for (;;) got.push(a.alloc(30));
    }).toThrow(ArenaFullError);
    expect(got.length).toBe(Math.floor((256 - 16) / 32));
    a.free(got[0]!);
    expect(a.alloc(30)).toBe(got[0]);
  });
});
