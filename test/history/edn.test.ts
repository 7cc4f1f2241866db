// EDN histories: Jepsen's lines read into mvsim events, errors name file:line:col
// and what was expected, and export → import is the identity (fast-check).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readEdn } from "../../src/history/edn-reader.js";
import { parseEdnHistory, toEdnHistory } from "../../src/history/edn.js";
import { checkDependencyGraph } from "../../src/check/graph/index.js";
import { SYSTEM_PROCESS, type HistoryEvent } from "../../src/history/events.js";

describe("parseEdnHistory", () => {
  it("reads a list-append txn line", () => {
    const r = parseEdnHistory("{:type :ok, :f :txn, :value [[:append 1 2] [:r 3 [1 2]]], :process 0, :index 7}\n", "h.edn");
    expect(r).toEqual({
      ok: true,
      events: [{ type: "ok", f: "txn", value: [["append", 1, 2], ["r", 3, [1, 2]]], process: 0, index: 7 }],
      lines: [1],
    });
  });
  it("reads rw-register ops, nil, :time, negative ints, comments and the nemesis", () => {
    const text = [
      "; a Jepsen history",
      '{:type :invoke, :f :txn, :value [[:w 1 3] [:r -2 nil]], :process 4, :time 1200, :index 0}',
      '{:type :info, :f :start-partition, :value "majority", :process :nemesis, :index 1}',
      '{:type :info, :f :crash, :value {:pid 2}, :process :nemesis, :index 2}',
    ].join("\n");
    const r = parseEdnHistory(text, "h.edn");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.events).toEqual([
      { type: "invoke", f: "txn", value: [["w", 1, 3], ["r", -2, null]], process: 4, time: 1200, index: 0 },
      { type: "info", f: "crash", value: { pid: 2 }, process: SYSTEM_PROCESS, index: 2 },
    ]);
  });
  it("names file, line, column and what was expected", () => {
    const bad = parseEdnHistory('{:type :ok, :f :txn, :value [], :process 0}\n{:type :ok :value [1 2}\n', "run.edn");
    expect(bad).toEqual({ ok: false, error: 'run.edn:2:23: expected a value or \']\', got "}"' });
    const noType = parseEdnHistory("{:f :txn, :process 0}", "run.edn");
    expect(noType).toEqual({ ok: false, error: `run.edn:1: field 'type': expected "invoke", "ok", "fail" or "info", got nothing` });
    const badEscape = parseEdnHistory('{:type :ok, :f :txn, :process 0, :error "a\\qb"}', "x.edn");
    expect(badEscape.ok).toBe(false);
    if (!badEscape.ok) expect(badEscape.error).toMatch(/^x\.edn:1:\d+: expected an escape .* got "\\\\q"$/);
  });
  it("feeds the graph checker (write skew from an EDN history)", () => {
    const text = [
      "{:type :invoke, :f :txn, :value [[:r :x nil] [:r :y nil] [:w :x 1]], :process 0, :index 0}",
      "{:type :invoke, :f :txn, :value [[:r :x nil] [:r :y nil] [:w :y 1]], :process 1, :index 1}",
      "{:type :ok, :f :txn, :value [[:r :x nil] [:r :y nil] [:w :x 1]], :process 0, :index 2}",
      "{:type :ok, :f :txn, :value [[:r :x nil] [:r :y nil] [:w :y 1]], :process 1, :index 3}",
    ].join("\n");
    const r = parseEdnHistory(text, "skew.edn");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(checkDependencyGraph(r.events, { model: "serializable" }).anomalies).toEqual(["G2-item"]);
    expect(checkDependencyGraph(r.events, { model: "snapshot-isolation" }).verdict).toBe("ok");
  });
});

describe("readEdn", () => {
  it("reads strings with escapes, chars, sets, lists, discards and tags", () => {
    const r = readEdn('{"k\\n\\u0041" (1 -2 3.5) #{:a} \\c #_ :gone #inst "2020" nil}');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const m = r.value as { kind: "map"; entries: [unknown, unknown][] };
    expect(m.entries[0]![0]).toBe("k\nA");
    expect(m.entries[0]![1]).toEqual({ kind: "list", items: [1, -2, 3.5] });
    expect(m.entries[1]![0]).toEqual({ kind: "set", items: [{ kind: "keyword", name: "a" }] });
    expect(m.entries[1]![1]).toEqual({ kind: "char", value: "c" });
    expect(m.entries[2]![0]).toEqual({ kind: "tagged", tag: "inst", value: "2020" });
  });
  it("rejects trailing input and bad numbers", () => {
    expect(readEdn("[1] 2")).toEqual({ ok: false, error: { line: 1, column: 5, message: 'expected end of input, got "2"' } });
    expect(readEdn("12abc")).toEqual({ ok: false, error: { line: 1, column: 1, message: 'expected a number, got "12abc"' } });
  });
});

const key = fc.oneof(fc.integer({ min: -5, max: 50 }), fc.constantFrom("x", "y", "k e\"y"));
const scalar = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.constant(null), fc.string({ maxLength: 6 }));
const microOp = fc.oneof(
  fc.tuple(fc.constant("r" as const), key, fc.oneof(fc.constant(null), scalar, fc.array(fc.integer(), { maxLength: 4 }))),
  fc.tuple(fc.constant("w" as const), key, scalar),
  fc.tuple(fc.constant("append" as const), key, fc.integer()),
);
const clientEvent = fc.record(
  {
    type: fc.constantFrom("invoke" as const, "ok" as const, "fail" as const, "info" as const),
    process: fc.integer({ min: 0, max: 20 }),
    f: fc.constant("txn" as const),
    value: fc.array(microOp, { maxLength: 4 }),
    index: fc.nat(),
    time: fc.nat(),
    thread: fc.nat(8),
    error: fc.string({ maxLength: 8 }),
    txn: fc.record({ id: fc.nat(), start: fc.nat(), commit: fc.nat() }, { requiredKeys: ["id", "start"] }),
  },
  { requiredKeys: ["type", "process", "f", "value"] },
);
const systemEvent = fc.oneof(
  fc.record({ type: fc.constant("info" as const), process: fc.constant(SYSTEM_PROCESS), f: fc.constantFrom("crash" as const, "restart" as const), value: fc.record({ pid: fc.nat(9) }), index: fc.nat() }),
  fc.record({ type: fc.constant("info" as const), process: fc.constant(SYSTEM_PROCESS), f: fc.constant("faults-stop" as const), value: fc.constant(null), index: fc.nat() }),
);

describe("toEdnHistory", () => {
  it("round-trips through parseEdnHistory", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(clientEvent, systemEvent), { maxLength: 12 }), (events) => {
        const text = toEdnHistory(events as HistoryEvent[]);
        const back = parseEdnHistory(text, "rt.edn");
        expect(back).toEqual({ ok: true, events, lines: events.map((_, i) => i + 1) });
      }),
      { numRuns: 200 },
    );
  });
});
