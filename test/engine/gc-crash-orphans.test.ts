// A GC round that dies while cutting a chain's older nodes off: the next round
// must retire and free what the dead one had unlinked (nothing else reaches
// those blocks), so no version is lost to memory for good.
import { describe, expect, it } from "vitest";
import { openEngine } from "../../src/engine/engine.js";
import { engineWorld } from "./engine-world.js";

/** 20 puts to one key (3 fat nodes), then process 1 collects and dies at `label` #nth; process 2 collects twice. */
function liveVersionsAfter(label: string, nth: number): { died: boolean; liveVersions: number; garbage: number } {
  const w = engineWorld(5n, { faults: { crashPoints: [{ label, nth, pid: 1 }] } });
  const p1 = w.spawnProcess("dying-gc");
  const p2 = w.spawnProcess("next-gc");
  let written = false;
  let collected = false;
  const after: { liveVersions: number; garbage: number }[] = [];
  w.spawnThread(p1, "dying-gc", function* (p) {
    const e = yield* openEngine(p, { gcEveryCommits: 1000 });
    for (let i = 0; i < 20; i++) yield* e.put(p, "k", `v${i}`);
    written = true;
    yield* e.gc(p);
    collected = true;
  });
  w.spawnThread(p2, "next-gc", function* (p) {
    while (!written || (!collected && p.procs.isAlive(1))) yield* p.sched.spin();
    const e = yield* openEngine(p, { gcEveryCommits: 1000 });
    yield* e.gc(p);
    yield* e.gc(p);
    const s = yield* e.stats(p);
    after.push({ liveVersions: s.liveVersions, garbage: s.garbageBlocks });
  });
  const out = w.run();
  expect(out.violations).toEqual([]);
  expect(written).toBe(true);
  return { died: !w.processes.isAlive(p1), ...after[0]! };
}

describe("a GC that dies cutting a chain", () => {
  it("without a crash, one version of the key is left", () => {
    expect(liveVersionsAfter("no.such.label", 1)).toEqual({ died: false, liveVersions: 1, garbage: 0 });
  });

  it("dying while retiring the unlinked nodes' versions: the next round retires the rest", () => {
    // Before the cut was noted, 15 of the 19 old versions stayed allocated and unreachable for good.
    expect(liveVersionsAfter("hp.retire", 5)).toEqual({ died: true, liveVersions: 1, garbage: 0 });
  });

  it("dying after noting the cut, before unlinking: the next round redoes the unlink", () => {
    expect(liveVersionsAfter("gc.unlink", 1)).toEqual({ died: true, liveVersions: 1, garbage: 0 });
  });

  it("dying between the two notes: nothing was unlinked, the next round cuts as usual", () => {
    expect(liveVersionsAfter("gc.note-orphans", 2)).toEqual({ died: true, liveVersions: 1, garbage: 0 });
  });
});
