// Processes crash at random and are replaced by new ones that attach to the
// same arena: survivors and newcomers recover the dead ones' txns, slots,
// hazard records and locks, again and again, and keep snapshot isolation.
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/sim/rng.js";
import { openEngine } from "../../src/engine/engine.js";
import { ConflictError } from "../../src/engine/errors.js";
import { pctStrategy } from "../../src/sim/strategies/pct.js";
import type { Ports } from "../../src/engine/ports.js";
import { engineWorld } from "./engine-world.js";
import { checkSnapshotIsolation, type TxnLog } from "./si-workload.js";
import { visibleDrops } from "./visible-drops.js";

function* client(p: Ports, name: string, rng: Rng, logs: TxnLog[]) {
  const engine = yield* openEngine(p, { gcEveryCommits: 2, txnSlots: 12, readerSlots: 8, hazardRecords: 8 });
  for (let n = 0; n < 12; n++) {
    const txn = yield* engine.begin(p);
    const log: TxnLog = { thread: name, id: txn.id, start: txn.startTs, reads: [], writes: new Map(), outcome: "open" };
    logs.push(log);
    try {
      for (let i = 0; i < rng.range(1, 4); i++) {
        const key = `k${rng.int(4)}`;
        if (rng.next() < 0.5) { const value = yield* txn.get(p, key); if (!log.writes.has(key)) log.reads.push({ key, value }); }
        else { const value = `${name}-${n}-${i}`; yield* txn.put(p, key, value); log.writes.set(key, value); }
      }
      log.commit = yield* txn.commit(p);
      log.outcome = "committed";
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      yield* txn.abort(p);
      log.outcome = "aborted";
    }
  }
}

function run(seed: bigint, strat: "random" | "pct") {
  const w = engineWorld(seed, {
    strategy: strat === "pct" ? pctStrategy(new Rng(seed).fork("pct"), { depth: 3, maxSteps: 40_000 }) : undefined,
    faults: { processCrashProbabilityPerStep: 0.001, processCrashesMax: 6 },
  });
  const logs: TxnLog[] = [];
  let gen = 0;
  const start = () => {
    const g = gen++;
    const pid = w.spawnProcess(`p${g}`);
    for (let t = 0; t < 2; t++) w.spawnThread(pid, `g${g}t${t}`, (p) => client(p, `g${g}t${t}`, new Rng(seed).fork(`g${g}t${t}`), logs));
  };
  w.hooks = { onCrash: () => (gen < 8 ? start() : undefined) };
  start();
  start();
  const out = w.run();
  // Txns of dead processes have an unknown outcome: reading their values is allowed.
  const unknown = new Set(logs.filter((l) => l.outcome === "open").flatMap((l) => [...l.writes].map(([k, v]) => `${k}=${v},`)));
  const r = checkSnapshotIsolation(logs);
  return {
    out,
    dead: w.processes.all().filter((p) => !p.alive).length,
    badReads: r.badReads.filter((line) => ![...unknown].some((kv) => line.includes(` read ${kv}`))),
    report: r,
    drops: visibleDrops(w.history.all()),
  };
}

describe("crash and restart, repeatedly", () => {
  for (const [seed, strat] of [[1n, "random"], [2n, "random"], [3n, "random"], [4n, "pct"], [5n, "pct"], [6n, "pct"]] as const) {
    it(`${strat} seed ${seed}: no violation, every op ends, reads and writers consistent`, () => {
      const r = run(seed, strat);
      expect(r.out.violations).toEqual([]);
      expect(r.out.end).toBe("done");
      expect(r.dead).toBeGreaterThanOrEqual(3);
      expect(r.badReads).toEqual([]);
      expect(r.report.overlaps).toEqual([]);
      expect(r.report.duplicateTs).toEqual([]);
      expect(r.drops).toEqual([]);
      expect(r.report.committed).toBeGreaterThan(20);
    });
  }
});
