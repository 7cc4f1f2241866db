// Generated histories are strict-serializable by construction: the checker must
// pass them, and must flag each injected anomaly (fast-check over seeds).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateHistory } from "../../../src/check/graph/append-workload.js";
import { checkDependencyGraph } from "../../../src/check/graph/index.js";
import type { HistoryEvent, MicroOp } from "../../../src/history/events.js";
import { Rng } from "../../../src/sim/rng.js";

const seeds = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

function history(seed: bigint, registerShare = 0.3, txns = 150): HistoryEvent[] {
  return generateHistory(new Rng(seed).fork("workload"), { txns, registerShare, processes: 4, activeKeys: 4 });
}

function withValue(e: HistoryEvent, value: MicroOp[]): HistoryEvent {
  return { ...e, value };
}

describe("generated serial histories", () => {
  it("pass strict serializability with process and real-time edges", () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const r = checkDependencyGraph(history(seed), { model: "strict-serializable", process: true });
        expect(r.anomalies).toEqual([]);
        expect(r.verdict).toBe("ok");
      }),
      { numRuns: 40 },
    );
  });

  it("pass at 5000 txns (a long run)", () => {
    const r = checkDependencyGraph(history(7n, 0.2, 5000), { model: "strict-serializable", process: true });
    expect(r.verdict).toBe("ok");
    expect(r.stats!.committed).toBeGreaterThan(4000);
  });

  it("flag a committed txn turned into a failure when its append was read (G1a)", () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const events = history(seed, 0);
        const okEvents = events.filter((e) => e.type === "ok");
        // an element read by someone, and the ok event of the txn that appended it
        const readEls = new Set(okEvents.flatMap((e) => (e.value as MicroOp[]).flatMap((op) => (op[0] === "r" ? ((op[2] as number[]) ?? []) : []))));
        const victim = okEvents.find((e) => (e.value as MicroOp[]).some((op) => op[0] === "append" && readEls.has(op[2] as number)));
        fc.pre(victim !== undefined);
        const mutated = events.map((e) => (e === victim ? { ...e, type: "fail" as const } : e));
        expect(checkDependencyGraph(mutated, { model: "read-committed" }).anomalies).toContain("G1a");
      }),
      { numRuns: 25 },
    );
  });

  it("flag a read made stale after its writer completed (real-time cycle)", () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const events = history(seed, 0);
        const okAt = new Map<number, number>(); // element → history index of its append's ok
        const longest = new Map<number, number>(); // key → longest read length
        for (const e of events) {
          if (e.type !== "ok") continue;
          for (const op of e.value as MicroOp[]) {
            if (op[0] === "append") okAt.set(op[2] as number, e.index!);
            else longest.set(op[1] as number, Math.max(longest.get(op[1] as number) ?? 0, (op[2] as number[]).length));
          }
        }
        const invokeAt = new Map<number, number>();
        const target = events.findIndex((e) => {
          if (e.type === "invoke") invokeAt.set(e.process, e.index!);
          if (e.type !== "ok") return false;
          return (e.value as MicroOp[]).some((op) => {
            if (op[0] !== "r") return false;
            const list = op[2] as number[];
            // a read some other read matches in length, holding an element whose append completed before this txn began
            return list.some((x) => okAt.get(x)! < invokeAt.get(e.process)!) && (longest.get(op[1] as number) ?? 0) >= list.length && countReads(events, op[1] as number, list.length) >= 2;
          });
        });
        fc.pre(target >= 0);
        const e = events[target]!;
        const ops = (e.value as MicroOp[]).map((op): MicroOp => {
          if (op[0] !== "r") return op;
          const list = op[2] as number[];
          const cut = list.findIndex((x) => okAt.get(x)! < invokeAt.get(e.process)!);
          return cut >= 0 ? ["r", op[1], list.slice(0, cut)] : op;
        });
        const mutated = events.map((x, i) => (i === target ? withValue(x, ops) : x));
        const r = checkDependencyGraph(mutated, { model: "strict-serializable" });
        expect(r.verdict).toBe("violation");
      }),
      { numRuns: 25 },
    );
  });

  it("flag an element duplicated in a read", () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const events = history(seed, 0);
        const target = events.findIndex((e) => e.type === "ok" && (e.value as MicroOp[]).some((op) => op[0] === "r" && (op[2] as number[]).length > 0));
        fc.pre(target >= 0);
        const ops = (events[target]!.value as MicroOp[]).map((op): MicroOp =>
          op[0] === "r" && (op[2] as number[]).length > 0 ? ["r", op[1], [...(op[2] as number[]), (op[2] as number[])[0]!]] : op,
        );
        const mutated = events.map((x, i) => (i === target ? withValue(x, ops) : x));
        const found = checkDependencyGraph(mutated, { model: "read-committed" }).anomalies;
        expect(found.some((a) => a === "duplicate-elements" || a === "incompatible-order")).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
});

function countReads(events: readonly HistoryEvent[], key: number, minLength: number): number {
  let n = 0;
  for (const e of events) {
    if (e.type !== "ok") continue;
    for (const op of e.value as MicroOp[]) if (op[0] === "r" && op[1] === key && (op[2] as number[]).length >= minLength) n++;
  }
  return n;
}

describe("generated snapshot-isolation histories", () => {
  it("pass snapshot isolation, and some fail serializable (write skew)", () => {
    let skews = 0;
    fc.assert(
      fc.property(seeds, (seed) => {
        const events = generateHistory(new Rng(seed).fork("si"), { txns: 200, registerShare: 0.5, processes: 5, activeKeys: 3, isolation: "snapshot" });
        const r = checkDependencyGraph(events, { model: "snapshot-isolation", process: true });
        expect(r.violations).toEqual([]);
        expect(r.verdict).toBe("ok");
        if (r.models.serializable === "violation") skews++;
      }),
      { numRuns: 40 },
    );
    expect(skews).toBeGreaterThan(0);
  });
});
