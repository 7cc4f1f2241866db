// For each core bug switch: a short hand-written schedule (or aimed crash)
// under which the defect shows with the switch on, and the same schedule with
// the switch off where the engine keeps its promise.
import { describe, expect, it } from "vitest";
import type { BugName } from "../../src/engine/bugs.js";
import { ConflictError } from "../../src/engine/errors.js";
import { H } from "../../src/engine/layout.js";
import { runScenario, type Body, type Scenario } from "./bug-harness.js";
import { engineWorld } from "./engine-world.js";
import { visibleDrops } from "./visible-drops.js";
import { checkSnapshotIsolation, spawnWorkload } from "./si-workload.js";

const put = (key: string, value: string): Body =>
  function* (p, e, seen) {
    seen.push(yield* e.put(p, key, value));
  };

/** A txn writing `writes`, recording "committed" + ts or the conflict. */
const txnWriting = (writes: Record<string, string>): Body =>
  function* (p, e, seen) {
    const t = yield* e.begin(p);
    try {
      for (const [k, v] of Object.entries(writes)) yield* t.put(p, k, v);
      seen.push("committed", yield* t.commit(p));
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      seen.push("conflict");
      yield* t.abort(p);
    }
  };

const readAll = (...keys: string[]): Body =>
  function* (p, e, seen) {
    const t = yield* e.begin(p);
    for (const k of keys) seen.push(yield* t.get(p, k));
    yield* t.commit(p);
  };

const gcOnce: Body = function* (p, e, seen) {
  seen.push(yield* e.gc(p));
};

function both(s: Scenario, bug: BugName) {
  return { on: runScenario(s, bug), off: runScenario(s, undefined) };
}

describe("ww-check-toctou", () => {
  // A checks the key, B writes and commits it, then A pushes.
  const s: Scenario = {
    threads: [
      { name: "S", body: put("k", "0") },
      { name: "A", body: txnWriting({ k: "a" }) },
      { name: "B", body: txnWriting({ k: "b" }) },
    ],
    script: [{ thread: "S" }, { thread: "A", until: "install.push" }, { thread: "B" }, { thread: "A" }],
  };
  it("on: two overlapping writers of one key both commit; off: the second gets a conflict", () => {
    const { on, off } = both(s, "ww-check-toctou");
    expect(on.out.violations).toEqual([]);
    expect(on.seen["A"]![0]).toBe("committed");
    expect(on.seen["B"]![0]).toBe("committed");
    expect(off.out.violations).toEqual([]);
    expect(off.seen["B"]![0]).toBe("committed");
    expect(off.seen["A"]).toEqual(["conflict"]);
  });
});

describe("fractured-commit", () => {
  // W is stopped between its two version stamps; R begins after W's commit ts.
  const s: Scenario = {
    threads: [
      { name: "S", body: txnWriting({ x: "0", y: "0" }) },
      { name: "W", body: txnWriting({ x: "1", y: "1" }) },
      { name: "R", body: readAll("x", "y") },
    ],
    script: [{ thread: "S" }, { thread: "W", until: "commit.stamp", skip: 1 }, { thread: "R" }, { thread: "W" }],
  };
  it("on: a reader sees half of a committed txn; off: all of it", () => {
    const { on, off } = both(s, "fractured-commit");
    expect(on.seen["R"]).toEqual(["1", "0"]);
    expect(off.seen["R"]).toEqual(["1", "1"]);
    expect(off.out.violations).toEqual([]);
  });
});

describe("hp-protect-after-load", () => {
  // R has loaded the pointer of an aborted version and is about to look at it; GC drops it.
  const abortWrite: Body = function* (p, e) {
    const t = yield* e.begin(p);
    yield* t.put(p, "k", "a");
    yield* t.abort(p);
  };
  const s: Scenario = {
    threads: [
      { name: "S", body: put("k", "0") },
      { name: "A", body: abortWrite },
      { name: "R", body: readAll("k") },
      { name: "G", body: gcOnce },
    ],
    script: [{ thread: "S" }, { thread: "A" }, { thread: "R", until: "version.load-txn" }, { thread: "G" }, { thread: "R" }],
  };
  it("on: the reader touches the freed version (use-after-free); off: its hazard keeps the version alive", () => {
    const { on, off } = both(s, "hp-protect-after-load");
    expect(on.out.verdict).toBe("violation");
    expect(on.out.violations[0]!.kind).toBe("use-after-free");
    expect(on.out.violations[0]!.property).toBe("reclamation");
    expect(off.out.violations).toEqual([]);
    expect(off.seen["R"]).toEqual(["0"]);
    expect(off.seen["G"]![0]).toMatchObject({ ran: true, dropped: 1, freed: 0, kept: 1 });
  });
});

describe("reader-slot-publish-race", () => {
  // R has its snapshot ts but has not published it; W commits a newer version; GC runs.
  const s: Scenario = {
    threads: [
      { name: "S", body: put("k", "0") },
      { name: "R", body: readAll("k") },
      { name: "W", body: put("k", "1") },
      { name: "G", body: gcOnce },
    ],
    script: [{ thread: "S" }, { thread: "R", until: "reader.publish-snapshot" }, { thread: "W" }, { thread: "G" }, { thread: "R" }],
  };
  it("on: GC ignores the half-registered reader and drops the version it reads, which the read detects; off: GC waits for it", () => {
    const { on, off } = both(s, "reader-slot-publish-race");
    expect(on.seen["G"]![0]).toMatchObject({ ran: true, dropped: 1 });
    // The read finds nothing, then sees GC's horizon past its snapshot and refuses the result.
    expect(on.seen["R"]).toEqual([]);
    expect(on.out.violations[0]).toMatchObject({ property: "reclamation", kind: "broken-invariant" });
    expect(JSON.stringify(on.out.violations[0]!.evidence)).toContain("older than GC's horizon");
    expect(off.seen["G"]![0]).toEqual({ ran: false, reason: "registering" });
    expect(off.seen["R"]).toEqual(["0"]);
    expect(off.out.violations).toEqual([]);
  });
});

describe("gc-drops-visible-version", () => {
  const scenario = (advanceEpoch: boolean): Scenario => ({
    threads: [
      {
        name: "S",
        body: function* (p, e) {
          yield* e.put(p, "k", "0");
          if (advanceEpoch) yield* e.advanceEpoch(p);
        },
      },
      {
        name: "R",
        body: function* (p, e, seen) {
          const t = yield* e.begin(p);
          seen.push("begun");
          seen.push(yield* t.get(p, "k"));
          yield* t.commit(p);
        },
      },
      { name: "W", body: put("k", "1") },
      { name: "G", body: gcOnce },
    ],
    // R holds its snapshot (taken before W's commit) across W's commit and GC.
    script: [{ thread: "S" }, { thread: "R", until: "index.load-bucket" }, { thread: "W" }, { thread: "G" }, { thread: "R" }],
  });
  it("on, after an epoch advance: GC drops the version an open snapshot reads; off: kept", () => {
    const on = runScenario(scenario(true), "gc-drops-visible-version");
    const off = runScenario(scenario(true), undefined);
    expect(on.seen["R"]).toEqual(["begun", null]);
    expect(off.seen["R"]).toEqual(["begun", "0"]);
    // The history shows it too: a gc-drop of the version R's open snapshot reads.
    expect(visibleDrops(on.world.history.all())).toEqual([expect.stringMatching(/^k@\d+ seen by txn \d+/)]);
    expect(visibleDrops(off.world.history.all())).toEqual([]);
    expect(off.out.violations).toEqual([]);
  });
  it("on, without an epoch advance: the defect stays hidden", () => {
    const on = runScenario(scenario(false), "gc-drops-visible-version");
    expect(on.seen["R"]).toEqual(["begun", "0"]);
  });
});

describe("hlc-logical-saturation", () => {
  // The logical counter is one short of its maximum, in a millisecond ahead of the wall clock.
  const s: Scenario = {
    threads: [
      {
        name: "C",
        body: function* (p, e, seen) {
          yield* p.mem.store64(H.hlc, 1000 * 0x10000 + 0xfffe, "test.set-hlc");
          seen.push(yield* e.put(p, "a", "1"), yield* e.put(p, "b", "2"), yield* e.put(p, "c", "3"));
        },
      },
    ],
    script: [],
  };
  it("on: two commits get the same timestamp; off: timestamps strictly increase across the carry", () => {
    const { on, off } = both(s, "hlc-logical-saturation");
    const [a, b, c] = on.seen["C"] as number[];
    expect(a).toBe(1000 * 0x10000 + 0xffff);
    expect(b).toBe(a);
    expect(c).toBe(a);
    const [x, y, z] = off.seen["C"] as number[];
    expect(x).toBe(1000 * 0x10000 + 0xffff);
    expect(y).toBe(1001 * 0x10000);
    expect(z).toBeGreaterThan(y!);
  });
});

describe("writer-lock-reentrant-pid", () => {
  // Two threads of one process commit; A is inside the commit section when B arrives.
  const s: Scenario = {
    threads: [
      { name: "A", body: txnWriting({ a: "1" }) },
      { name: "B", body: txnWriting({ b: "1" }) },
    ],
    script: [{ thread: "A", until: "commit.set-ts" }, { thread: "B" }, { thread: "A" }, { thread: "B" }],
  };
  it("on: a second thread of the pid enters the held lock; off: it waits its turn", () => {
    const { on, off } = both(s, "writer-lock-reentrant-pid");
    expect(on.out.verdict).toBe("violation");
    expect(on.out.violations[0]).toMatchObject({ property: "write-conflict", kind: "broken-invariant" });
    expect(JSON.stringify(on.out.violations[0]!.evidence)).toContain("writer lock exclusion");
    expect(off.out.violations).toEqual([]);
    expect(off.seen["A"]![0]).toBe("committed");
    expect(off.seen["B"]![0]).toBe("committed");
    expect(off.seen["B"]![1]).toBeGreaterThan(off.seen["A"]![1] as number);
  });
});

describe("writer-lock-dead-owner", () => {
  // A's process dies inside the commit section, holding the writer lock.
  const s: Scenario = {
    threads: [
      { name: "A", proc: 0, body: txnWriting({ a: "1" }) },
      { name: "B", proc: 1, body: txnWriting({ b: "1" }) },
    ],
    script: [{ thread: "A" }, { thread: "B" }],
    world: { faults: { crashPoints: [{ label: "commit.set-ts", nth: 1, pid: 1 }] } },
  };
  it("on: the next writer waits forever (deadlock); off: it takes the lock over and commits", () => {
    const { on, off } = both(s, "writer-lock-dead-owner");
    expect(on.out.end).toBe("deadlock");
    expect(on.seen["B"]).toEqual([]);
    expect(off.out.end).toBe("done");
    expect(off.out.violations).toEqual([]);
    expect(off.seen["A"]).toEqual([]);
    expect(off.seen["B"]![0]).toBe("committed");
  });
});

describe("hlc-logical-saturation under a random workload", () => {
  // A frozen wall clock and a 3-bit logical counter: the per-ms carry comes after 8 commits.
  const run = (bug: boolean, seed: bigint) => {
    const w = engineWorld(seed, { clock: { wallStartMs: 1_000_000, faults: [{ kind: "freeze", atUs: 0, durationUs: 10_000_000 }] } });
    const logs = spawnWorkload(w, seed, {
      threads: 3,
      txnsPerThread: 8,
      keys: 4,
      config: { hlcLogicalBits: 3, bugs: new Set(bug ? (["hlc-logical-saturation"] as const) : []) },
    });
    const out = w.run();
    return { out, report: checkSnapshotIsolation(logs) };
  };
  it("on: commits share timestamps; off: every commit ts is unique and reads stay consistent", () => {
    for (const seed of [1n, 2n, 3n]) {
      const on = run(true, seed);
      expect(on.report.duplicateTs.length).toBeGreaterThan(0);
      const off = run(false, seed);
      expect(off.out.violations).toEqual([]);
      expect(off.report.duplicateTs).toEqual([]);
      expect(off.report.badReads).toEqual([]);
      expect(off.report.committed).toBeGreaterThan(8);
    }
  });
});

describe("hazard re-check (correct engine)", () => {
  it("a pointer unlinked and freed between load and protect is caught by the re-check", () => {
    const abortWrite: Body = function* (p, e) {
      const t = yield* e.begin(p);
      yield* t.put(p, "k", "a");
      yield* t.abort(p);
    };
    const s: Scenario = {
      threads: [
        { name: "S", body: put("k", "0") },
        { name: "A", body: abortWrite },
        { name: "R", body: readAll("k") },
        { name: "G", body: gcOnce },
      ],
      // R's second hazard publication is for the aborted version it just loaded.
      script: [{ thread: "S" }, { thread: "A" }, { thread: "R", until: "hp.protect", skip: 1 }, { thread: "G" }, { thread: "R" }],
    };
    const r = runScenario(s, undefined);
    expect(r.out.violations).toEqual([]);
    expect(r.seen["G"]![0]).toMatchObject({ ran: true, dropped: 1, freed: 1 });
    expect(r.seen["R"]).toEqual(["0"]);
  });
});
