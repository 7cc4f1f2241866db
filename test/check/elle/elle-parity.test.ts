// Runs every Elle known-answer case (elle-cases.ts) through the dependency-graph
// checker: the anomalies found under the model Elle's test asks for, and the
// verdict of each of our seven models (each checked with the ordering edges it needs).
// Elle's empty-transaction-graph cases close the file: nothing observed is unknown.
import { describe, expect, it } from "vitest";
import { implied } from "../../../src/check/graph/anomaly-table.js";
import { checkDependencyGraph } from "../../../src/check/graph/index.js";
import { ALL_MODELS, DERIVED_ORDERING_CASES, LIST_APPEND_CASES, RW_REGISTER_CASES, type ElleCase } from "./elle-cases.js";
import { elleHistory } from "./elle-history.js";

const CYCLE = /^(G0|G1c|G-single|G-nonadjacent|G2-item)(-process|-realtime)?$/;

/** Elle's cycle search skips a cycle class implied by one already found (G0, not also the G1c it implies): so do we here. */
function elleView(found: readonly string[]): string[] {
  return found.filter((a) => !CYCLE.test(a) || !found.some((b) => b !== a && CYCLE.test(b) && implied(b).has(a)));
}

function run(c: ElleCase): void {
  const events = elleHistory(c.kind, c.txns, c.order);
  const opts = c.initialState === undefined ? {} : { initialState: c.initialState };
  const r = checkDependencyGraph(events, { model: c.model, ...opts });
  if (c.anomalies !== undefined) expect(elleView(r.anomalies)).toEqual([...c.anomalies].sort());
  for (const a of c.contains ?? []) expect(r.anomalies).toContain(a);
  for (const a of c.lacks ?? []) expect(r.anomalies).not.toContain(a);
  const bad = new Set(c.ruledOut ?? []);
  const verdicts: Record<string, string> = {};
  const want: Record<string, string> = {};
  for (const m of c.only ?? ALL_MODELS) {
    verdicts[m] = checkDependencyGraph(events, { model: m, ...opts }).verdict;
    want[m] = bad.has(m) ? "violation" : "ok";
  }
  expect(verdicts).toEqual(want);
}

describe("Elle's list-append known answers", () => {
  for (const c of LIST_APPEND_CASES) it(c.elle, () => run(c));
});

describe("Elle's rw-register known answers", () => {
  for (const c of RW_REGISTER_CASES) it(c.elle, () => run(c));
});

describe("ordering variants derived from Elle's rules", () => {
  for (const c of DERIVED_ORDERING_CASES) it(c.elle, () => run(c));
});

describe("Elle's empty-transaction-graph: nothing observed is unknown, never ok", () => {
  const cases: { elle: string; events: ReturnType<typeof elleHistory> }[] = [
    { elle: "rw_register G0 with no reads (wx1wy2 | wx2wy1)", events: elleHistory("register", [{ ops: "wx1wy2", p: 0 }, { ops: "wx2wy1", p: 1 }]) },
    { elle: "list_append dirty update none (one failed append)", events: elleHistory("list", [{ ops: "ax1", type: "fail" }]) },
    { elle: "an empty history", events: [] },
  ];
  for (const c of cases) {
    it(c.elle, () => {
      for (const m of ALL_MODELS) expect(checkDependencyGraph(c.events, { model: m }).verdict, m).toBe("unknown");
    });
  }
});
