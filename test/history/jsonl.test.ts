import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseJsonlHistory, toJsonlHistory } from "../../src/history/jsonl.js";
import { planCheckers, runPlan } from "../../src/check/check-plan.js";
import { combineVerdicts } from "../../src/history/verdict.js";
import { H } from "../check/history-builder.js";

const line = (o: unknown) => JSON.stringify(o);
const err = (text: string) => {
  const r = parseJsonlHistory(text, "h.jsonl");
  return r.ok ? "parsed" : r.error;
};

describe("history v1 JSON Lines", () => {
  it("round-trips events byte for byte", () => {
    const h = new H()
      .txn(1, [["w", "x", 1], ["append", "l", [2]], ["r", 3, null]], { id: 1, start: 1, commit: 10 })
      .invoke(2, "cas", ["x", [1, 2]])
      .fail(2, "cas", ["x", [1, 2]])
      .system("gc-drop", { key: "x", commit: 1, supersededBy: null, thread: 0 });
    const text = toJsonlHistory(h.events);
    const r = parseJsonlHistory(text, "h.jsonl");
    expect(r.ok && toJsonlHistory(r.events)).toBe(text);
  });

  it("names the file, line and field of the first bad one", () => {
    const ok = line({ type: "invoke", process: 0, f: "read", value: ["x", null] });
    expect(err(`${ok}\n\n${line({ type: "done", process: 0, f: "read", value: ["x", 1] })}`)).toBe(`h.jsonl:3: field 'type': expected "invoke", "ok", "fail" or "info", got "done"`);
    expect(err(line({ type: "ok", process: 0, f: "frob", value: null }))).toContain("h.jsonl:1: field 'f'");
    expect(err(line({ type: "ok", process: 0, f: "txn", value: [["r", "x"]] }))).toContain("field 'value[0]'");
    expect(err(line({ type: "ok", process: 0, f: "txn", value: [["q", "x", 1]] }))).toContain("field 'value[0][0]'");
    expect(err(line({ type: "ok", process: 0, f: "cas", value: ["x", 1] }))).toContain("field 'value[1]': expected [expected, new]");
    expect(err(line({ type: "ok", process: 0, f: "read", value: ["x", 1], txn: { id: 1 } }))).toContain("field 'txn.start'");
    expect(err(line({ type: "ok", process: 0, f: "read", value: ["x", 1], time: -1 }))).toContain("field 'time'");
    expect(err(line({ type: "info", process: 3, f: "power-loss", value: null }))).toContain("field 'process': expected -1");
    expect(err(line({ type: "info", process: -1, f: "memory", value: { liveWords: 1, liveVersions: 1 } }))).toContain("field 'value.garbageVersions'");
    expect(err(line({ type: "info", process: -1, f: "use-after-free", value: { addr: 1, op: "load", thread: 0, step: 1, allocSite: { thread: 0, step: 0 }, freeSite: {} } }))).toContain("field 'value.freeSite.thread'");
    expect(err(line({ type: "invoke", process: -1, f: "power-loss", value: null }))).toContain(`field 'type': expected "info"`);
    expect(err(line({ type: "invoke", process: -1, f: "read", value: ["x", null] }))).toContain("field 'process': expected a client process");
    expect(err("[1,2]")).toContain("h.jsonl:1: expected a JSON object");
    expect(err("{oops")).toContain("h.jsonl:1: not JSON");
  });

  it("never throws on arbitrary text, and every error is one line with file:line", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.json(), fc.string()), { maxLength: 5 }), (lines) => {
        const r = parseJsonlHistory(lines.join("\n"), "f.jsonl");
        if (!r.ok) {
          expect(r.error).toMatch(/^f\.jsonl:\d+: /);
          expect(r.error).not.toContain("\n");
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it("keeps the examples in docs/history-format.md true", () => {
    const doc = readFileSync(new URL("../../docs/history-format.md", import.meta.url), "utf8");
    const blocks = [...doc.matchAll(/```jsonl\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks).toHaveLength(2);
    const verdicts = blocks.map((b) => {
      const r = parseJsonlHistory(b, "doc");
      if (!r.ok) throw new Error(r.error);
      const results = runPlan(planCheckers(r.events), r.events);
      return { verdict: combineVerdicts(results.map((x) => x.verdict)), kinds: results.flatMap((x) => x.violations.map((v) => v.kind)) };
    });
    expect(verdicts[0]!.verdict).toBe("violation");
    expect(verdicts[0]!.kinds).toContain("fractured-read");
    expect(verdicts[1]).toEqual({ verdict: "ok", kinds: [] });
  });
});
