import { describe, expect, it } from "vitest";
import { openEngine } from "../../src/engine/engine.js";
import { findEntry, keyRef } from "../../src/engine/key-index.js";
import { FAT_SLOTS, FN, KE, VN } from "../../src/engine/layout.js";
import type { Gen, Ports } from "../../src/engine/ports.js";
import type { Txn } from "../../src/engine/transaction.js";
import { engineWorld } from "./engine-world.js";

/** The chain of `key` as node sizes and commit stamps, newest first. */
function* chainShape(p: Ports, entry: number): Gen<{ nodes: number[]; stamps: number[] }> {
  const nodes: number[] = [];
  const stamps: number[] = [];
  let node = yield* p.mem.load(entry + KE.chainHead);
  while (node > 0) {
    const slots = yield* p.mem.read(node + FN.slots, FAT_SLOTS);
    let live = 0;
    for (let i = FAT_SLOTS - 1; i >= 0; i--) {
      if (slots[i]! <= 0) continue;
      live++;
      stamps.push(yield* p.mem.load64(slots[i]! + VN.stamp));
    }
    nodes.push(live);
    node = yield* p.mem.load(node + FN.next);
  }
  return { nodes, stamps };
}

describe("version chains", () => {
  it("20 versions span fat nodes newest first; GC keeps exactly what open snapshots read", () => {
    const w = engineWorld(1n);
    const pid = w.spawnProcess("p");
    const seen: Record<string, unknown> = {};
    w.spawnThread(pid, "t", function* (p) {
      const e = yield* openEngine(p, { gcEveryCommits: 0 });
      const held: { txn: Txn; expect: string }[] = [];
      for (let i = 0; i < 20; i++) {
        yield* e.put(p, "k", `v${i}`);
        if (i === 3 || i === 11) held.push({ txn: yield* e.begin(p), expect: `v${i}` });
      }
      const entry = yield* findEntry(e.ctx, p, keyRef("k"));
      const before = yield* chainShape(p, entry);
      seen["before"] = before.nodes;
      seen["ordered"] = before.stamps.every((s, i) => i === 0 || s < before.stamps[i - 1]!);
      seen["gc1"] = yield* e.gc(p);
      seen["heldReads"] = [];
      for (const h of held) (seen["heldReads"] as unknown[]).push((yield* h.txn.get(p, "k")) === h.expect);
      seen["after1"] = (yield* chainShape(p, entry)).stamps.length;
      for (const h of held) yield* h.txn.commit(p);
      seen["gc2"] = yield* e.gc(p);
      seen["after2"] = yield* chainShape(p, entry);
      seen["latest"] = yield* e.get(p, "k");
    });
    const out = w.run();
    expect(out.violations).toEqual([]);
    expect(seen["before"]).toEqual([4, 8, 8]);
    expect(seen["ordered"]).toBe(true);
    // Versions v0..v2 are older than the oldest snapshot's (v3): dropped.
    expect(seen["gc1"]).toMatchObject({ ran: true, dropped: 3 });
    expect(seen["heldReads"]).toEqual([true, true]);
    expect(seen["after1"]).toBe(17);
    // No snapshot left: only the newest version stays, in the head node.
    expect(seen["gc2"]).toMatchObject({ ran: true, dropped: 16 });
    expect((seen["after2"] as { nodes: number[] }).nodes).toEqual([1]);
    expect(seen["latest"]).toBe("v19");
  });
});
