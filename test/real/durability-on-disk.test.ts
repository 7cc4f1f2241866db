// Durability on node:fs: the engine with the WAL on real files, driven on one
// thread with the real ports. A "restart" is a fresh shared buffer (the arena
// is gone) over the same directory: every acknowledged commit must be back,
// also with garbage appended to the WAL (recovery must stop there, not fail).
// Which torn tails are accepted or cut is tested on the simulated disk, where
// power loss can tear a write (test/engine/durability).
import { appendFileSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDurability } from "../../src/engine/durability/index.js";
import { openEngine } from "../../src/engine/engine.js";
import type { Gen, Ports } from "../../src/engine/ports.js";
import { RealFiles } from "../../src/real/real-files.js";
import { markStart, realPorts, setAlive } from "../../src/real/real-ports.js";
import { createShared, layoutFor } from "../../src/real/shared-layout.js";

const layout = layoutFor({ words: 1 << 17, reservedWords: 64, maxPids: 4, maxWorkers: 1, logWordsPerWorker: 0 });

function drive<T>(g: Gen<T>): T {
  let r = g.next();
  while (!r.done) r = g.next();
  return r.value;
}

function freshPorts(root: string): Ports {
  const buffer = createShared(layout);
  markStart(buffer, layout);
  setAlive(buffer, layout, 1, true);
  return realPorts({ buffer, layout, pid: 1, tid: 0, files: new RealFiles(root) });
}

function* openStore(p: Ports) {
  const opened = yield* openDurability(p, { dir: "db" });
  const engine = yield* openEngine(p, { commitLog: opened.log, hlcFloor: opened.recovered.maxCommitTs });
  yield* engine.restore(p, [...opened.recovered.state].map(([key, v]) => ({ key, value: v.value })));
  return engine;
}

describe("durability on node:fs", () => {
  it("brings back every acknowledged commit after the arena is lost, past garbage at the WAL tail", () => {
    const root = mkdtempSync(join(tmpdir(), "mvsim-durable-"));
    const p1 = freshPorts(root);
    const engine = drive(openStore(p1));
    const acked = new Map<string, string>();
    for (let i = 0; i < 40; i++) {
      const key = `k${i % 7}`;
      const value = `v${i}`;
      if (i % 3 === 0) {
        const txn = drive(engine.begin(p1));
        drive(txn.put(p1, key, value));
        drive(txn.put(p1, `t${i % 5}`, value));
        drive(txn.commit(p1));
        acked.set(`t${i % 5}`, value);
      } else {
        drive(engine.put(p1, key, value));
      }
      acked.set(key, value);
    }
    // A torn write at the end of the newest WAL segment.
    const wal = readdirSync(join(root, "db")).filter((f) => f.startsWith("wal")).sort().pop();
    expect(wal, "a WAL segment exists on disk").toBeDefined();
    appendFileSync(join(root, "db", wal!), Buffer.from([0x21, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3]));

    const p2 = freshPorts(root);
    const again = drive(openStore(p2));
    for (const [key, value] of acked) expect(drive(again.get(p2, key)), key).toBe(value);
    // And the reopened store keeps working and stays durable.
    drive(again.put(p2, "after", "restart"));
    const p3 = freshPorts(root);
    expect(drive(drive(openStore(p3)).get(p3, "after"))).toBe("restart");
  });
});
