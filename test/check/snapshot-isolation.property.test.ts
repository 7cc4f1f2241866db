import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { SnapshotIsolationChecker } from "../../src/check/snapshot-isolation.js";
import { runChecker } from "../../src/check/checker.js";
import type { HistoryEvent, MicroOp } from "../../src/history/events.js";
import { siHistory } from "../../bench/checkers.bench.js";

const check = (events: HistoryEvent[]) => runChecker(new SnapshotIsolationChecker(), events);
const seedArb = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

describe("white-box snapshot isolation on generated SI runs", () => {
  it("passes every history of a correct SI system", () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        expect(check(siHistory(seed, 150, 4, 8)).verdict).toBe("ok");
      }),
      { numRuns: 60, seed: 11 },
    );
  });

  it("catches one read changed to a value nobody wrote", () => {
    fc.assert(
      fc.property(seedArb, fc.nat(), (seed, pick) => {
        const events = siHistory(seed, 150, 4, 8);
        const withReads = events.map((e, i) => ({ e, i })).filter(({ e }) => e.type === "ok" && (e.value as MicroOp[]).some((m) => m[0] === "r"));
        fc.pre(withReads.length > 0);
        const { e, i } = withReads[pick % withReads.length]!;
        const ops = (e.value as MicroOp[]).slice();
        const at = ops.findIndex((m) => m[0] === "r");
        ops[at] = ["r", ops[at]![1], -7];
        events[i] = { ...e, value: ops };
        const r = check(events);
        expect(r.verdict).toBe("violation");
        expect(r.violations.some((v) => v.step === i && ["phantom-value", "own-write-not-seen"].includes(v.kind))).toBe(true);
      }),
      { numRuns: 60, seed: 12 },
    );
  });

  it("catches an aborted conflicting writer turned into a commit", () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const events = siHistory(seed, 150, 4, 8);
        const i = events.findIndex((e) => e.type === "fail" && e.error === "conflict");
        fc.pre(i >= 0);
        const e = events[i]!;
        events[i] = { ...e, type: "ok", txn: { ...e.txn!, commit: 1e9 } };
        expect(check(events).violations.map((v) => v.property)).toContain("write-conflict");
      }),
      { numRuns: 40, seed: 13 },
    );
  });
});
