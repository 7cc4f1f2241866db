import { describe, expect, it } from "vitest";
import { openEngine } from "../../src/engine/engine.js";
import { CapacityError } from "../../src/engine/errors.js";
import type { Txn } from "../../src/engine/transaction.js";
import { engineWorld } from "./engine-world.js";

function structureOf(e: unknown): string {
  if (e instanceof CapacityError) return e.structure;
  throw e;
}

describe("capacity limits are typed errors, never corruption", () => {
  it("reader slots, key index and txn write log", () => {
    const w = engineWorld(1n);
    const pid = w.spawnProcess("p");
    const seen: unknown[] = [];
    w.spawnThread(pid, "t", function* (p) {
      const e = yield* openEngine(p, { readerSlots: 2, keysMax: 3, maxWritesPerTxn: 2 });
      const open: Txn[] = [yield* e.begin(p), yield* e.begin(p)];
      try {
        yield* e.begin(p);
      } catch (err) {
        seen.push(structureOf(err));
      }
      for (const t of open) yield* t.abort(p);
      for (const k of ["a", "b", "c"]) yield* e.put(p, k, k);
      try {
        yield* e.put(p, "d", "d");
      } catch (err) {
        seen.push(structureOf(err));
      }
      const t = yield* e.begin(p);
      yield* t.put(p, "a", "1");
      yield* t.put(p, "b", "1");
      try {
        yield* t.put(p, "c", "1");
      } catch (err) {
        seen.push(structureOf(err));
      }
      seen.push((yield* t.commit(p)) > 0);
      seen.push(yield* e.get(p, "a"), yield* e.get(p, "c"), yield* e.get(p, "d"));
    });
    expect(w.run().violations).toEqual([]);
    expect(seen).toEqual(["reader slots", "key index", "txn write log", true, "1", "c", null]);
  });

  it("a full arena fails the write with CapacityError; earlier data stays readable", () => {
    const w = engineWorld(2n, { arenaWords: 4096 });
    const pid = w.spawnProcess("p");
    const seen: unknown[] = [];
    w.spawnThread(pid, "t", function* (p) {
      const e = yield* openEngine(p, { gcEveryCommits: 0, valueSegmentWords: 64, valueSegments: 256, keysMax: 4096 });
      let written = 0;
      try {
        for (let i = 0; i < 10_000; i++) {
          yield* e.put(p, `key-${i}`, `value-${i}`);
          written = i + 1;
        }
      } catch (err) {
        seen.push(structureOf(err));
      }
      seen.push(written > 10);
      seen.push(yield* e.get(p, "key-0"), yield* e.get(p, `key-${written - 1}`));
      seen.push(written);
    });
    const out = w.run();
    expect(out.violations).toEqual([]);
    const written = seen[4] as number;
    expect(seen.slice(0, 4)).toEqual(["arena", true, "value-0", `value-${written - 1}`]);
  });

  it("the txn table: too many open transactions is a CapacityError", () => {
    const w = engineWorld(3n);
    const pid = w.spawnProcess("p");
    const seen: unknown[] = [];
    w.spawnThread(pid, "t", function* (p) {
      const e = yield* openEngine(p, { txnSlots: 3, readerSlots: 8 });
      const open: Txn[] = [];
      try {
        for (let i = 0; i < 8; i++) open.push(yield* e.begin(p));
      } catch (err) {
        seen.push(structureOf(err), open.length);
      }
      for (const t of open) yield* t.commit(p);
      seen.push((yield* e.put(p, "k", "v")) > 0);
    });
    expect(w.run().violations).toEqual([]);
    expect(seen).toEqual(["txn table", 3, true]);
  });
});
