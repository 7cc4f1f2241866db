// History validation (src/history/read-history.ts): each semantically invalid
// history is refused with one line "file:line: what is wrong" before any checker
// runs, in JSONL and in EDN alike; nesting, bad UTF-8 and duplicate keys too.
// Legal shapes (a read completion filling in values, an invoke never completed,
// a failed txn reporting a prefix, system events) are accepted.
import { describe, expect, it } from "vitest";
import { readHistory, type HistoryFormat } from "../../src/history/read-history.js";

const enc = new TextEncoder();
const read = (text: string, format: HistoryFormat = "jsonl") => readHistory(enc.encode(text), format === "edn" ? "h.edn" : "h.jsonl", format);
const error = (text: string, format: HistoryFormat = "jsonl"): string => {
  const r = read(text, format);
  return r.ok ? "accepted" : r.error;
};
const j = (...events: object[]): string => events.map((e) => JSON.stringify(e) + "\n").join("");
const inv = (process: number, f: string, value: unknown, extra: object = {}) => ({ type: "invoke", process, f, value, ...extra });
const ok = (process: number, f: string, value: unknown, extra: object = {}) => ({ type: "ok", process, f, value, ...extra });

describe("history validation: completions and their invokes", () => {
  it("refuses an ok, fail or info with no invoke open for its process", () => {
    expect(error(j(ok(1, "write", ["x", 1])))).toBe("h.jsonl:1: ok of process 1 with no invoke open for it (a completion must follow its process's invoke)");
    expect(error(j(inv(1, "write", ["x", 1]), ok(1, "write", ["x", 1]), { type: "info", process: 1, f: "write", value: ["x", 1] }))).toMatch(/^h\.jsonl:3: info of process 1 with no invoke/);
    expect(error(j(inv(2, "write", ["x", 1]), { type: "fail", process: 1, f: "write", value: ["x", 1] }))).toMatch(/^h\.jsonl:2: fail of process 1 with no invoke/);
    expect(error("{:type :ok, :f :txn, :value [[:w 1 2]], :process 0}", "edn")).toMatch(/^h\.edn:1: ok of process 0 with no invoke/);
  });

  it("refuses two invokes by one process without a completion between them", () => {
    expect(error(j(inv(1, "read", ["x", null]), inv(1, "read", ["y", null])))).toBe("h.jsonl:2: process 1 invokes again while its invoke on line 1 has no completion");
  });

  it("refuses a completion whose f, key or written value differs from its invoke", () => {
    expect(error(j(inv(1, "read", ["x", null]), ok(1, "write", ["x", 1])))).toBe(`h.jsonl:2: this ok does not complete the invoke on line 1: its f "write" differs from its invoke's "read"`);
    expect(error(j(inv(1, "read", ["x", null]), ok(1, "read", ["y", 1])))).toContain(`its key "y" differs from its invoke's "x"`);
    expect(error(j(inv(1, "write", ["x", 1]), ok(1, "write", ["x", 2])))).toContain("its value 2 differs from its invoke's 1");
    expect(error(j(inv(1, "cas", ["x", [1, 2]]), ok(1, "cas", ["x", [1, 3]])))).toContain("its value [1,3] differs");
    const txn = [["r", "x", null], ["w", "y", 1]];
    expect(error(j(inv(1, "txn", txn), ok(1, "txn", [["r", "x", 5], ["w", "y", 2]])))).toContain(`micro-op 1 (w "y") has value 2 where its invoke has 1`);
    expect(error(j(inv(1, "txn", txn), ok(1, "txn", [["r", "z", 5], ["w", "y", 1]])))).toContain(`micro-op 0 is on key "z" where its invoke has "x"`);
    expect(error(j(inv(1, "txn", txn), ok(1, "txn", [["w", "x", 5], ["w", "y", 1]])))).toContain(`micro-op 0 is "w" where its invoke has "r"`);
    expect(error(j(inv(1, "txn", txn), ok(1, "txn", [["r", "x", 5]])))).toContain("it has 1 micro-ops where its invoke has 2");
    expect(error("{:type :invoke, :f :txn, :value [[:append 1 2]], :process 0}\n{:type :ok, :f :txn, :value [[:append 1 3]], :process 0}", "edn")).toMatch(/^h\.edn:2: this ok does not complete the invoke on line 1: micro-op 0 \(append 1\) has value 3/);
  });

  it("accepts what is legal: reads filled in, a prefix in a failed txn, an invoke never completed, system events, a process reused after info", () => {
    const txn = [["r", "x", null], ["w", "y", 1], ["append", "l", 3]];
    const h = j(
      inv(1, "txn", txn),
      { type: "info", process: -1, f: "crash", value: { pid: 0 } },
      ok(1, "txn", [["r", "x", [1, 2]], ["w", "y", 1], ["append", "l", 3]]),
      inv(2, "txn", txn),
      { type: "fail", process: 2, f: "txn", value: [["r", "x", 7]], error: "conflict" },
      inv(3, "read", ["x", null]),
      ok(3, "read", ["x", 4]),
      inv(4, "write", ["x", 9]),
      { type: "info", process: 4, f: "write", value: ["x", 9] },
      inv(4, "write", ["x", 10]),
      inv(5, "append", ["l", 1]),
    );
    expect(error(h)).toBe("accepted");
  });
});

describe("history validation: indexes, emptiness, micro-ops", () => {
  it("refuses duplicate and decreasing indexes, in JSONL and EDN", () => {
    expect(error(j(inv(1, "read", ["x", null], { index: 0 }), ok(1, "read", ["x", 1], { index: 0 })))).toBe("h.jsonl:2: index 0 repeats the index 0 of line 1 (indexes must strictly increase)");
    expect(error(j(inv(1, "read", ["x", null], { index: 5 }), ok(1, "read", ["x", 1], { index: 3 })))).toBe("h.jsonl:2: index 3 is below the index 5 of line 1 (indexes must strictly increase)");
    expect(error("{:type :invoke, :f :read, :value [1 nil], :process 0, :index 4}\n{:type :ok, :f :read, :value [1 nil], :process 0, :index 4}", "edn")).toMatch(/^h\.edn:2: index 4 repeats/);
  });

  it("refuses a negative index in EDN as in JSONL", () => {
    expect(error(j(inv(1, "read", ["x", null], { index: -1 })))).toContain("h.jsonl:1: field 'index': expected an integer >= 0, got -1");
    expect(error("{:type :invoke, :f :read, :value [1 nil], :process 0, :index -1}", "edn")).toBe("h.edn:1: field 'index': expected an integer >= 0, got -1");
  });

  it("refuses an empty file, and one with only blank lines, comments or a header", () => {
    expect(error("")).toBe("h.jsonl:1: empty history: no events to check");
    expect(error("\n\n")).toBe("h.jsonl:1: empty history: no events to check");
    expect(error('{"mvsim-history":1}\n')).toBe("h.jsonl:1: empty history: no events to check");
    expect(error("; nothing here\n", "edn")).toBe("h.edn:1: empty history: no events to check");
  });

  it("refuses an unknown micro-op and a micro-op of the wrong arity, in EDN as in JSONL", () => {
    expect(error("{:type :invoke, :f :txn, :value [[:zz 1 2]], :process 0}", "edn")).toBe(`h.edn:1: field 'value[0][0]': expected "r", "w" or "append", got "zz"`);
    expect(error(j(inv(0, "txn", [["zz", 1, 2]])))).toBe(`h.jsonl:1: field 'value[0][0]': expected "r", "w" or "append", got "zz"`);
    expect(error("{:type :invoke, :f :txn, :value [[:w 1]], :process 0}", "edn")).toMatch(/^h\.edn:1: field 'value\[0\]': expected \["r"\|"w"\|"append", key, value\], got \["w",1\]$/);
    expect(error("{:type :invoke, :f :txn, :value [[:r 1 nil 4]], :process 0}", "edn")).toMatch(/^h\.edn:1: field 'value\[0\]'/);
  });

  it("refuses a map where a list of micro-ops belongs", () => {
    expect(error("{:type :invoke, :f :txn, :value {:r 1}, :process 0}", "edn")).toBe(`h.edn:1: field 'value': expected a list of micro-ops for f "txn", got {"r":1}`);
    expect(error(j(inv(0, "txn", { r: 1 })))).toContain("h.jsonl:1: field 'value': expected a list of micro-ops");
  });
});

describe("hostile input", () => {
  const deep = (n: number, open: string, close: string) => open.repeat(n) + close.repeat(n);

  it("refuses nesting 100,000 deep with file:line instead of overflowing the stack", () => {
    const jsonl = j(inv(0, "read", ["x", null])) + `{"type":"ok","process":0,"f":"read","value":${deep(100_000, "[", "]")}}\n`;
    expect(error(jsonl)).toBe("h.jsonl:2: nested deeper than 1000 levels");
    const edn = `{:type :invoke, :f :txn, :value [], :process 0}\n{:type :ok, :f :txn, :process 0, :value ${deep(100_000, "[", "]")}}`;
    expect(error(edn, "edn")).toBe("h.edn:2:1040: expected at most 1000 levels of nesting, got deeper nesting");
    expect(error(`{:type :ok, :value ${deep(100_000, "(", ")")}}`, "edn")).toMatch(/^h\.edn:1:\d+: expected at most 1000 levels/);
    expect(error(`{:type :ok, :value ${"#t ".repeat(100_000)}1}`, "edn")).toMatch(/^h\.edn:1:\d+: expected at most 1000 levels/);
  });

  it("accepts nesting up to the limit as far as the reader goes (the event validator then judges the value)", () => {
    expect(error(`{"type":"ok","process":0,"f":"read","value":${deep(999, "[", "]")}}`)).toMatch(/^h\.jsonl:1: field 'value'/);
  });

  it("refuses bytes that are not UTF-8, naming the line", () => {
    const good = enc.encode(j(inv(0, "write", ["x", 1])));
    const bad = new Uint8Array([...good, ...enc.encode('{"type":"ok","process":0,"f":"write","value":["x'), 0xff, ...enc.encode('",1]}\n')]);
    const r = readHistory(bad, "h.jsonl", "jsonl");
    expect(r).toEqual({ ok: false, error: "h.jsonl:2: not UTF-8: byte 0xff at byte 49 of the line is not part of a valid UTF-8 sequence" });
    // Overlong encodings, lone surrogates and truncated sequences are refused too.
    for (const seq of [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
      const b = new Uint8Array([...enc.encode("\n\n"), ...seq]);
      expect(readHistory(b, "e.edn", "edn")).toMatchObject({ ok: false, error: expect.stringMatching(/^e\.edn:3: not UTF-8/) });
    }
    // A multi-byte character is fine.
    expect(readHistory(enc.encode(j(inv(0, "write", ["ключ", "€😀"]))), "u.jsonl", "jsonl").ok).toBe(true);
  });

  it("refuses a key given twice in one object (JSONL) or map (EDN)", () => {
    expect(error('{"type":"invoke","process":0,"f":"write","value":["x",1],"process":1}')).toBe(`h.jsonl:1: key "process" appears twice in one object (JSON.parse would silently keep the last)`);
    expect(error('{"type":"invoke","process":0,"f":"txn","value":[],"txn":{"id":1,"start":2,"\\u0069d":3}}')).toContain(`key "id" appears twice`);
    expect(error("{:type :invoke, :f :write, :value [1 2], :process 0, :process 1}", "edn")).toBe("h.edn:1: key :process appears twice in one map");
    // The same key in two different objects is fine, and so is a key-like string value.
    expect(error(j(inv(0, "txn", [["w", "type", 1]], { txn: { id: 1, start: 1 } }), ok(0, "txn", [["w", "type", 1]], { txn: { id: 1, start: 1, commit: 2 } })))).toBe("accepted");
  });
});
