// The HLC across a power loss: a snapshot may be taken at the ts of a commit
// that never became durable; after recovery, new commits must still sort after
// that snapshot. The durable ceiling (hlc-ceiling.ts) guarantees it; the
// recovered max commit ts alone does not, as the twin without a lease shows.
import { describe, expect, it } from "vitest";
import type { CommitLog } from "../../../src/engine/commit-log.js";
import { openEngine } from "../../../src/engine/engine.js";
import { fileTimestampLease, installHlcCeiling, readHlcCeiling } from "../../../src/engine/durability/hlc-ceiling.js";
import { openDurability } from "../../../src/engine/durability/open-durability.js";
import type { Ports } from "../../../src/engine/ports.js";
import { DIR, makeWorld, runAlone } from "./world-fixture.js";

const OPTIONS = { dir: DIR };
/** A word nobody writes: the stuck commit waits on it forever. */
const NEVER = 60;

/** Commits twice durably, then allocates a third commit ts whose WAL write never ends; a reader snapshots at it. */
function snapshotPastDurable(lease: boolean): { snapshot: number; durable: number; after: number } {
  const sw = makeWorld(7n);
  const w = sw.world;
  let snapshot = 0;
  let durable = 0;
  const pid = w.spawnProcess("db0");
  w.spawnThread(pid, "open", function* (p: Ports) {
    const opened = yield* openDurability(p, OPTIONS);
    const stuck = { value: false };
    const log: CommitLog = {
      *logCommit(q, txnId, ts, writes) {
        if (!stuck.value) return yield* opened.log.logCommit(q, txnId, ts, writes);
        yield* q.mem.wait(NEVER, 0, undefined, "test.stuck-forever");
      },
    };
    const engine = yield* openEngine(p, { commitLog: log, hlcFloor: opened.timestampFloor, ...(lease ? { timestampLease: fileTimestampLease(DIR) } : {}) });
    for (const v of ["a", "b"]) {
      const t = yield* engine.begin(p);
      yield* t.put(p, "k", v);
      durable = yield* t.commit(p);
    }
    stuck.value = true;
    w.spawnThread(pid, "stuck-writer", function* (q: Ports) {
      const t = yield* engine.begin(q);
      yield* t.put(q, "k", "c");
      yield* t.commit(q);
    });
    w.spawnThread(pid, "reader", function* (q: Ports) {
      let t = yield* engine.begin(q);
      while (t.startTs <= durable) {
        yield* t.commit(q);
        yield* q.sched.sleep(10);
        t = yield* engine.begin(q);
      }
      snapshot = t.startTs;
      yield* t.get(q, "other"); // k itself waits for the stuck commit to resolve
      yield* t.commit(q);
    });
  });
  w.run(); // ends in a deadlock: the stuck commit waits forever
  w.powerLoss();
  const { value: after, out } = runAlone(w, "db1", function* (p: Ports) {
    const opened = yield* openDurability(p, OPTIONS);
    const engine = yield* openEngine(p, { commitLog: opened.log, hlcFloor: lease ? opened.timestampFloor : opened.recovered.maxCommitTs });
    const t = yield* engine.begin(p);
    yield* t.put(p, "k", "d");
    return yield* t.commit(p);
  });
  if (after === undefined) throw new Error(`reopen did not finish: ${out.end} ${JSON.stringify(out.violations.map((v) => v.explanation))}`);
  return { snapshot, durable, after };
}

describe("HLC ceiling", () => {
  it("a commit after a power loss sorts after every snapshot handed out before it", () => {
    const r = snapshotPastDurable(true);
    expect(r.snapshot).toBeGreaterThan(r.durable);
    expect(r.after).toBeGreaterThan(r.snapshot);
  });

  it("without the lease, the recovered commit ts alone lets a new commit land inside that snapshot", () => {
    const r = snapshotPastDurable(false);
    expect(r.snapshot).toBeGreaterThan(r.durable);
    expect(r.after).toBeLessThanOrEqual(r.snapshot);
  });

  it("the ceiling file keeps the last ceiling installed, 0 when none was", () => {
    const w = makeWorld(1n).world;
    expect(runAlone(w, "r0", (p) => readHlcCeiling(p.files, DIR)).value).toBe(0);
    runAlone(w, "w1", (p) => installHlcCeiling(p.files, DIR, 123_456));
    runAlone(w, "w2", (p) => installHlcCeiling(p.files, DIR, 987_654));
    w.powerLoss();
    expect(runAlone(w, "r1", (p) => readHlcCeiling(p.files, DIR)).value).toBe(987_654);
  });
});
