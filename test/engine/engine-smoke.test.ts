import { describe, expect, it } from "vitest";
import { openEngine } from "../../src/engine/engine.js";
import { engineWorld } from "./engine-world.js";

describe("engine smoke", () => {
  it("puts, gets, deletes and runs a txn on one thread", () => {
    const w = engineWorld(1n);
    const pid = w.spawnProcess("p");
    const seen: unknown[] = [];
    w.spawnThread(pid, "t", function* (p) {
      const e = yield* openEngine(p);
      yield* e.put(p, "a", "1");
      seen.push(yield* e.get(p, "a"));
      const t = yield* e.begin(p);
      yield* t.put(p, "a", "2");
      yield* t.put(p, "b", "x");
      seen.push(yield* t.get(p, "a"));
      const ts = yield* t.commit(p);
      seen.push(ts > t.startTs);
      seen.push(yield* e.get(p, "a"), yield* e.get(p, "b"));
      yield* e.delete(p, "a");
      seen.push(yield* e.get(p, "a"));
      seen.push(yield* e.cas(p, "b", "x", "y"), yield* e.cas(p, "b", "x", "z"), yield* e.get(p, "b"));
    });
    const out = w.run();
    expect(out.violations).toEqual([]);
    expect(seen).toEqual(["1", "2", true, "2", "x", null, true, false, "y"]);
  });
});
