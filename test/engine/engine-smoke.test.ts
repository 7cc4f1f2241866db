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

describe("restore after a power loss", () => {
  it("loads durable data without logging it, with the HLC above the recovered commit ts", () => {
    const w = engineWorld(2n);
    const pid = w.spawnProcess("p");
    const logged: string[] = [];
    const seen: unknown[] = [];
    w.spawnThread(pid, "t", function* (p) {
      const commitLog = {
        // eslint-disable-next-line require-yield
        *logCommit(_p: unknown, _id: number, _ts: number, writes: readonly { key: string }[]) {
          logged.push(...writes.map((x) => x.key));
        },
      };
      const e = yield* openEngine(p, { hlcFloor: 5_000_000, commitLog });
      seen.push(yield* e.restore(p, [{ key: "a", value: "1" }, { key: "gone", value: null }, { key: "b", value: "2" }]));
      seen.push(yield* e.get(p, "a"), yield* e.get(p, "b"), yield* e.get(p, "gone"));
      seen.push((yield* e.put(p, "c", "3")) > 5_000_000);
    });
    expect(w.run().violations).toEqual([]);
    expect(seen).toEqual([2, "1", "2", null, true]);
    expect(logged).toEqual(["c"]);
  });
});
