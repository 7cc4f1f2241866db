// Property: a serial history is never a violation under any model, and a
// history with one injected dependency cycle is never ok. A ring of c txns is
// woven into a generated serial background (disjoint keys); run in ring order
// it is serial, and one read changed to what a different order would show
// closes the ring into a G0, G1c, G-single or G2-item cycle of length c.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateHistory } from "../../../src/check/graph/append-workload.js";
import { checkDependencyGraph } from "../../../src/check/graph/index.js";
import type { HistoryEvent, MicroOp } from "../../../src/history/events.js";
import { Rng } from "../../../src/sim/rng.js";

const KINDS = ["G0", "G1c", "G-single", "G2-item"] as const;
type Kind = (typeof KINDS)[number];

interface Spec {
  readonly seed: bigint;
  /** Txns in all: background + ring + one observer. */
  readonly txns: number;
  readonly ring: number;
  readonly kind: Kind;
  readonly inject: boolean;
  /** A final txn reads every ring key (else unread appends are placed by inference). */
  readonly observe: boolean;
}

/** The ring's txns in ring order, then the observer's reads. */
function ringTxns({ ring: c, kind, inject, observe }: Spec): MicroOp[][] {
  const a = (i: number): string => `ring-a${(i + c) % c}`;
  const txns: MicroOp[][] = [];
  for (let i = 0; i < c; i++) {
    const ops: MicroOp[] = [];
    if (kind === "G0") {
      // a(i) gets R(i-1)'s append then R(i)'s; for a(0), R(c-1) is after R(0) unless injected.
      ops.push(["append", a(i), i], ["append", a(i + 1), i]);
    } else if (kind === "G2-item") {
      // Each reads the next one's key: nil, except R(c-1), which sees R(0) unless injected.
      ops.push(["append", a(i), i], ["r", a(i + 1), i === c - 1 && !inject ? [0] : []]);
    } else {
      ops.push(["append", a(i), i]);
      if (i > 0) ops.push(["r", a(i - 1), [i - 1]]);
      if (kind === "G1c" && i === 0) ops.push(["r", a(c - 1), inject ? [c - 1] : []]);
      if (kind === "G-single" && i === 0) ops.push(["append", "ring-b", 0]);
      if (kind === "G-single" && i === c - 1) ops.push(["r", "ring-b", inject ? [] : [0]]);
    }
    txns.push(ops);
  }
  if (observe || kind === "G0") {
    const reads: MicroOp[] = [];
    for (let i = 0; i < c; i++) {
      const whole = kind === "G0" ? (i === 0 ? (inject ? [c - 1, 0] : [0, c - 1]) : [i - 1, i]) : [i];
      reads.push(["r", a(i), whole]);
    }
    if (kind === "G-single") reads.push(["r", "ring-b", [0]]);
    txns.push(reads);
  }
  return txns;
}

/** The ring's txns woven (invoke + ok back to back, one fresh process each) into a serial background, in ring order. */
function history(spec: Spec): HistoryEvent[] {
  const rng = new Rng(spec.seed);
  const ring = ringTxns(spec);
  const background = generateHistory(rng.fork("background"), {
    txns: Math.max(0, spec.txns - ring.length),
    processes: 4,
    activeKeys: 6,
  });
  const draws = rng.fork("positions");
  const at = Array.from({ length: ring.length }, () => draws.int(background.length + 1)).sort((x, y) => x - y);
  const out: HistoryEvent[] = [];
  let next = 0;
  const push = (e: Omit<HistoryEvent, "index">): void => void out.push({ ...e, index: out.length } as HistoryEvent);
  for (let b = 0; b <= background.length; b++) {
    while (next < ring.length && at[next] === b) {
      const ops = ring[next]!;
      const process = 1000 + next++;
      push({ type: "invoke", process, f: "txn", value: ops.map((op) => (op[0] === "r" ? ["r", op[1], null] : op)) as MicroOp[] });
      push({ type: "ok", process, f: "txn", value: ops });
    }
    if (b < background.length) push(background[b]!);
  }
  return out;
}

function specs(minTxns: number, maxTxns: number, maxRing: number): fc.Arbitrary<Spec> {
  return fc
    .record({
      seed: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      txns: fc.integer({ min: minTxns, max: maxTxns }),
      ringShare: fc.double({ min: 0, max: 1, noNaN: true }),
      kind: fc.constantFrom(...KINDS),
      inject: fc.boolean(),
      observe: fc.boolean(),
    })
    .map(({ ringShare, ...s }) => ({ ...s, ring: 2 + Math.floor(ringShare * (Math.min(maxRing, s.txns - 1) - 2)) }));
}

function holds(spec: Spec): void {
  const events = history(spec);
  const plain = checkDependencyGraph(events, { model: "serializable" });
  const strict = checkDependencyGraph(events, { model: "strict-serializable", process: true });
  if (!spec.inject) {
    for (const r of [plain, strict]) {
      expect(r.anomalies).toEqual([]);
      expect(Object.values(r.models)).not.toContain("violation");
    }
    return;
  }
  expect(plain.anomalies).toContain(spec.kind);
  expect(plain.verdict).toBe("violation");
  expect(strict.verdict).toBe("violation");
  const rc = spec.kind === "G0" || spec.kind === "G1c";
  expect(plain.models["read-committed"]).toBe(rc ? "violation" : "ok");
  expect(plain.models["snapshot-isolation"]).toBe(spec.kind === "G2-item" ? "ok" : "violation");
}

describe("injected cycles", () => {
  it("small histories (3 to 60 txns, rings of 2 to 59)", () => {
    fc.assert(fc.property(specs(3, 60, 100), holds), { numRuns: 100 });
  });
  it("large histories (up to 1,000 txns, rings up to 100)", () => {
    fc.assert(fc.property(specs(200, 1000, 100), holds), { numRuns: 12 });
  });
  it("the extremes: 3 txns with a ring of 2, 1,000 txns with a ring of 100", () => {
    for (const kind of KINDS) {
      for (const inject of [false, true]) {
        holds({ seed: 1n, txns: 3, ring: 2, kind, inject, observe: false });
        holds({ seed: 2n, txns: 1000, ring: 100, kind, inject, observe: true });
      }
    }
  });
});
