import { describe, expect, it } from "vitest";
import { ArenaFullError } from "../../src/engine/ports.js";
import { Arena, BadAccessError } from "../../src/sim/arena.js";
import { DEFAULT_WORLD, World } from "../../src/sim/world.js";
import { scripted } from "./scripted.js";

const site = { thread: 0, step: 0 };

describe("arena", () => {
  it("catches a use-after-free in a run and names the access, allocation and free sites", () => {
    const w = new World({ ...DEFAULT_WORLD, seed: 1n, strategy: scripted(["alloc", "alloc", "alloc", "free", "free", "alloc"]) });
    const pid = w.spawnProcess("p");
    w.spawnThread(pid, "alloc", function* (p) {
      const a = yield* p.mem.alloc(4, "node.alloc");
      yield* p.mem.store(64, a, "publish");
      yield* p.mem.store(a + 1, 42, "init");
      yield* p.mem.load(a + 1, "stale.read"); // after the free below
    });
    w.spawnThread(pid, "free", function* (p) {
      const a = yield* p.mem.load(64, "unlink");
      yield* p.mem.free(a, "reclaim");
    });
    const out = w.run();
    expect(out.verdict).toBe("violation");
    const v = out.violations[0]!;
    expect(v.kind).toBe("use-after-free");
    expect(v.property).toBe("reclamation");
    expect(v.explanation).toMatch(/thread 0 at scheduler step 5 \(stale.read\) did load/);
    expect(v.explanation).toMatch(/allocated by thread 0 at scheduler step 0 \(node.alloc\)/);
    expect(v.explanation).toMatch(/freed by thread 1 at scheduler step 4 \(reclaim\)/);
    // The system event lands in the history for the reclamation checker.
    expect(w.history.all().some((e) => e.f === "use-after-free")).toBe(true);
  });

  it("reports a use-after-free even when engine code swallows the error", () => {
    const w = new World({ ...DEFAULT_WORLD, seed: 1n });
    const pid = w.spawnProcess("p");
    w.spawnThread(pid, "t", function* (p) {
      const a = yield* p.mem.alloc(2);
      yield* p.mem.free(a);
      try {
        yield* p.mem.load(a, "swallowed");
      } catch {
        /* a careless catch-all */
      }
      yield* p.sched.point("after");
    });
    const out = w.run();
    expect(out.violations[0]?.kind).toBe("use-after-free");
  });

  it("does not flag accesses to live blocks (the near twin)", () => {
    const w = new World({ ...DEFAULT_WORLD, seed: 1n });
    const pid = w.spawnProcess("p");
    w.spawnThread(pid, "t", function* (p) {
      const a = yield* p.mem.alloc(4);
      yield* p.mem.store(a + 3, 5);
      expect(yield* p.mem.load(a + 3)).toBe(5);
      yield* p.mem.store64(a, 2 ** 50 + 3);
      expect(yield* p.mem.load64(a)).toBe(2 ** 50 + 3);
      expect(yield* p.mem.cas64(a, 2 ** 50 + 3, 7)).toBe(2 ** 50 + 3);
      expect(yield* p.mem.add(a + 2, 3)).toBe(0);
      yield* p.mem.free(a);
    });
    expect(w.run().verdict).toBe("ok");
  });

  it("throws a typed ArenaFullError when full, and reuses blocks after quarantine", () => {
    const arena = new Arena({ words: 64, reservedWords: 8, quarantineWords: 8 });
    const blocks: number[] = [];
    for (let i = 0; i < 7; i++) blocks.push(arena.alloc(8, site));
    expect(() => arena.alloc(8, site)).toThrow(ArenaFullError);
    arena.free(blocks[0]!, site);
    // Quarantine holds it poisoned...
    expect(() => arena.check(blocks[0]!, 1, "load", site)).toThrow(BadAccessError);
    // ...until memory is needed: then the oldest quarantined block is reused.
    expect(arena.alloc(8, site)).toBe(blocks[0]);
  });

  it("flags double free", () => {
    const arena = new Arena({ words: 64, reservedWords: 8, quarantineWords: 32 });
    const a = arena.alloc(4, site);
    arena.free(a, site);
    expect(() => arena.free(a, site)).toThrow(/double-free/);
  });

  it("commits memory as blocks need it: contents, stale pointers and the size limit survive growth", () => {
    const arena = new Arena({ words: 1 << 16, reservedWords: 64, quarantineWords: 1 << 10 });
    const before = arena.committedWords;
    expect(before).toBeLessThan(1 << 16);
    const a = arena.alloc(8, site);
    arena.store(a + 3, 77);
    arena.free(arena.alloc(8, site), { thread: 1, step: 5 });
    const stale = arena.alloc(16, site);
    arena.free(stale, { thread: 2, step: 9 });
    while (arena.committedWords === before) arena.alloc(512, site);
    expect(arena.load(a + 3)).toBe(77);
    expect(arena.isLive(stale, 1)).toBe(false);
    expect(() => arena.check(stale, 1, "load", site)).toThrow(/use-after-free/);
    expect(arena.blockAt(stale)?.freeSite).toEqual({ thread: 2, step: 9 });
    // The limit is `words`, not what is committed: a wild address past the end is still wild.
    expect(() => arena.check((1 << 16) - 2, 1, "load", site)).toThrow(/wild-access/);
    expect(() => { for (;;) arena.alloc(4096, site); }).toThrow(ArenaFullError);
    expect(arena.committedWords).toBe(1 << 16);
  });
});
