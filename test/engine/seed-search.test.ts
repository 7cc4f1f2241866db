// Bugs found by seed rather than by a hand-written schedule: tiny programs (a
// writer of one key, a reader, a GC loop) under PCT. Each test searches seeds
// from 1 for the first that shows the defect (the seed moves whenever the
// engine's steps change, so it is searched, not listed), then runs that seed
// with the switch off, which must be clean.
import { describe, expect, it } from "vitest";
import type { BugName } from "../../src/engine/bugs.js";
import { openEngine } from "../../src/engine/engine.js";
import { Rng } from "../../src/sim/rng.js";
import { pctStrategy } from "../../src/sim/strategies/pct.js";
import { engineWorld } from "./engine-world.js";

function run(seed: bigint, bug: BugName | undefined) {
  const w = engineWorld(seed, { strategy: pctStrategy(new Rng(seed).fork("pct"), { depth: 3, maxSteps: 6000 }) });
  const pid = w.spawnProcess("p");
  const cfg = { bugs: new Set(bug ? [bug] : []), gcEveryCommits: 0, bucketCount: 2, hazardRecords: 4, readerSlots: 4, txnSlots: 8 };
  const lost: string[] = [];
  w.spawnThread(pid, "writer", function* (p) {
    const e = yield* openEngine(p, cfg);
    for (let i = 0; i < 12; i++) {
      const t = yield* e.begin(p);
      yield* t.put(p, "k", `a${i}`);
      yield* t.abort(p);
      yield* e.put(p, "k", `v${i}`);
    }
  });
  w.spawnThread(pid, "reader", function* (p) {
    const e = yield* openEngine(p, cfg);
    let seen = false;
    for (let i = 0; i < 12; i++) {
      const v = yield* e.get(p, "k");
      if (seen && v === null) lost.push(`read ${i} lost k`);
      if (v !== null) seen = true;
    }
  });
  w.spawnThread(pid, "gc", function* (p) {
    const e = yield* openEngine(p, cfg);
    for (let i = 0; i < 20; i++) yield* e.gc(p);
  });
  return { out: w.run(), lost };
}

/** The first seed in [1, max] for which `shows` holds, or undefined. */
function firstSeed(max: number, shows: (seed: bigint) => boolean): bigint | undefined {
  for (let s = 1n; s <= BigInt(max); s++) if (shows(s)) return s;
  return undefined;
}

describe("hp-protect-after-load by seed (PCT, depth 3)", () => {
  it("some seed frees a version under a reader with the switch on; that seed is clean with it off", () => {
    const seed = firstSeed(1500, (s) => run(s, "hp-protect-after-load").out.violations.some((v) => v.kind === "use-after-free"));
    expect(seed).toBeDefined();
    const off = run(seed!, undefined);
    expect(off.out.violations).toEqual([]);
    expect(off.out.end).toBe("done");
    expect(off.lost).toEqual([]);
  });
});

/** A writer of one key, a reader, and a GC that runs every 40 µs until the reader is done. */
function runReaderRace(seed: bigint, bug: BugName | undefined) {
  const w = engineWorld(seed, { strategy: pctStrategy(new Rng(seed).fork("pct"), { depth: 3, maxSteps: 2500 }) });
  const pid = w.spawnProcess("p");
  const cfg = { bugs: new Set(bug ? [bug] : []), gcEveryCommits: 0, bucketCount: 2, hazardRecords: 4, readerSlots: 4, txnSlots: 8 };
  const lost: string[] = [];
  let readerDone = false;
  w.spawnThread(pid, "writer", function* (p) {
    const e = yield* openEngine(p, cfg);
    for (let i = 0; i < 12; i++) yield* e.put(p, "k", `v${i}`);
  });
  w.spawnThread(pid, "reader", function* (p) {
    const e = yield* openEngine(p, cfg);
    let seen = false;
    for (let i = 0; i < 12; i++) {
      if (i === 11) readerDone = true;
      const v = yield* e.get(p, "k");
      if (seen && v === null) lost.push(`read ${i} lost k`);
      if (v !== null) seen = true;
    }
  });
  w.spawnThread(pid, "gc", function* (p) {
    const e = yield* openEngine(p, cfg);
    while (!readerDone) {
      yield* e.gc(p);
      yield* p.sched.sleep(40);
    }
  });
  return { out: w.run(), lost };
}

describe("reader-slot-publish-race by seed (PCT, depth 3)", () => {
  it("some seed lets GC drop the version a half-registered reader needs; that seed is clean with the switch off", () => {
    // The lost read shows as the reader's horizon check failing (or, if it slipped past it, as a lost value).
    const seed = firstSeed(1500, (s) => {
      const r = runReaderRace(s, "reader-slot-publish-race");
      return r.lost.length > 0 || r.out.violations.some((v) => v.property === "reclamation");
    });
    expect(seed).toBeDefined();
    const off = runReaderRace(seed!, undefined);
    expect(off.out.violations).toEqual([]);
    expect(off.out.end).toBe("done");
    expect(off.lost).toEqual([]);
  });
});
