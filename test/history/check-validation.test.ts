// `mvsim check` refuses an invalid history with exit 2 and one line before any
// checker runs (the old reader gave these verdicts: ok, violation or unknown),
// and reads the visibility rule from the header mvsim writes; a flag overrides it.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { historyDir, historyFile, runCheck } from "../check/check-cli.js";
import { replayCommand } from "../../src/cli/commands/replay.js";
import { readHistory } from "../../src/history/read-history.js";
import { readFileSync } from "node:fs";
import { toEdnHistory } from "../../src/history/edn.js";
import { toJsonlHistory } from "../../src/history/jsonl.js";
import { H } from "../check/history-builder.js";

const dir = historyDir;
const file = historyFile;
const run = runCheck;
const j = (...events: object[]): string => events.map((e) => JSON.stringify(e) + "\n").join("");

describe("mvsim check refuses invalid histories (exit 2, one line, no verdict)", () => {
  const cases: [string, string, string, string][] = [
    ["an ok with no invoke", j({ type: "ok", process: 1, f: "txn", value: [["r", "x", 1]] }), ".jsonl", ":1: ok of process 1 with no invoke open"],
    ["two invokes by one process", j({ type: "invoke", process: 1, f: "txn", value: [["w", "x", 1]] }, { type: "invoke", process: 1, f: "txn", value: [["r", "x", null]] }, { type: "ok", process: 1, f: "txn", value: [["r", "x", 1]] }), ".jsonl", ":2: process 1 invokes again"],
    ["a completion writing another value", j({ type: "invoke", process: 1, f: "txn", value: [["w", "x", 1]] }, { type: "ok", process: 1, f: "txn", value: [["w", "x", 2]] }, { type: "invoke", process: 2, f: "txn", value: [["r", "x", null]] }, { type: "ok", process: 2, f: "txn", value: [["r", "x", 2]] }), ".jsonl", ":2: this ok does not complete the invoke on line 1"],
    ["a duplicate index", j({ type: "invoke", process: 1, f: "txn", value: [["w", "x", 1]], index: 3 }, { type: "ok", process: 1, f: "txn", value: [["w", "x", 1]], index: 3 }), ".jsonl", ":2: index 3 repeats"],
    ["an empty file", "", ".jsonl", ":1: empty history"],
    ["an unknown micro-op (EDN)", "{:type :invoke, :f :txn, :value [[:zz 1 2]], :process 0}\n{:type :ok, :f :txn, :value [[:zz 1 2]], :process 0}\n", ".edn", `:1: field 'value[0][0]'`],
    ["a micro-op of the wrong arity (EDN)", "{:type :invoke, :f :txn, :value [[:r 1]], :process 0}\n{:type :ok, :f :txn, :value [[:r 1]], :process 0}\n", ".edn", `:1: field 'value[0]'`],
    ["a map for micro-ops (EDN)", "{:type :invoke, :f :txn, :value {:r 1}, :process 0}\n{:type :ok, :f :txn, :value {:r 1}, :process 0}\n", ".edn", `:1: field 'value': expected a list of micro-ops`],
    ["a negative index (EDN)", "{:type :invoke, :f :txn, :value [[:w 1 1]], :process 0, :index -1}\n{:type :ok, :f :txn, :value [[:w 1 1]], :process 0, :index 0}\n", ".edn", ":1: field 'index'"],
    ["a duplicate key (JSONL)", '{"type":"invoke","process":1,"f":"txn","value":[["w","x",1]]}\n{"type":"ok","process":1,"f":"txn","value":[["w","x",1]],"value":[["w","x",2]]}\n', ".jsonl", `:2: key "value" appears twice`],
    ["100,000-deep nesting (JSONL)", `{"type":"invoke","process":0,"f":"txn","value":${"[".repeat(100_000)}${"]".repeat(100_000)}}\n`, ".jsonl", ":1: nested deeper than 1000 levels"],
    ["100,000-deep nesting (EDN)", `{:type :invoke, :process 0, :f :txn, :value ${"[".repeat(100_000)}${"]".repeat(100_000)}}\n`, ".edn", ":1:1044: expected at most 1000 levels of nesting"],
  ];
  it.each(cases)("%s", async (_name, text, ext, expected) => {
    const p = file(text, ext);
    const r = await run(p);
    expect(r.err).toBe(`mvsim check: ${p}${expected}${r.err.slice(`mvsim check: ${p}${expected}`.length)}`);
    expect(r.err.split("\n")).toHaveLength(1);
    expect(r.out).toBe("");
    expect(r.code).toBe(2);
  });

  it("non-UTF-8 bytes, naming the line", async () => {
    const p = file(new Uint8Array([...new TextEncoder().encode(j({ type: "invoke", process: 0, f: "write", value: ["x", 1] })), 0x7b, 0xfe, 0x7d, 0x0a]));
    const r = await run(p);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`mvsim check: ${p}:2: not UTF-8: byte 0xfe at byte 2 of the line is not part of a valid UTF-8 sequence`);
  });
});

describe("visibility travels with the history", () => {
  // T1 commits x=1 at 10; T2's snapshot is 10 and it reads x=1: legal when
  // commit <= snapshot is visible (inclusive, mvsim's engine), a future read when strict.
  const events = new H()
    .txn(1, [["w", "x", 1]], { id: 1, start: 1, commit: 10 })
    .txn(2, [["r", "x", 1]], { id: 2, start: 10, commit: 11 }).events;

  it("reads inclusive from a JSONL header, and --visibility still overrides it", async () => {
    const bare = await run(file(toJsonlHistory(events)));
    expect(bare.code).toBe(1);
    const p = file(toJsonlHistory(events, { formatVersion: 1, visibility: "inclusive", scenario: "s", seed: "7", mvsimVersion: "0.1.0" }));
    const headed = await run(p);
    expect(headed.out).toContain("visibility inclusive, from the history header");
    expect(headed.code).toBe(0);
    const overridden = await run(p, "--visibility", "strict");
    expect(overridden.code).toBe(1);
    const json = JSON.parse((await run(p, "--json")).out) as { visibility: string; visibilityFrom: string; header: unknown };
    expect(json).toMatchObject({ visibility: "inclusive", visibilityFrom: "header", header: { formatVersion: 1, visibility: "inclusive", scenario: "s", seed: "7" } });
  });

  it("mvsim replay --history writes a header that check then follows", async () => {
    const p = join(dir, "replay.jsonl");
    const out: string[] = [];
    const code = await replayCommand.run(["crash-mid-commit", "--seed", "3", "--history", p], { out: (l) => out.push(l), err: (l) => out.push(l), tty: false });
    expect(out).toContain(`history written to ${p}`);
    const read = readHistory(readFileSync(p), p, "jsonl");
    expect(read.ok && read.meta).toMatchObject({ formatVersion: 1, visibility: "inclusive", scenario: "crash-mid-commit", seed: "3", target: "engine" });
    const checked = await run(p);
    expect(checked.out).toContain("visibility inclusive, from the history header");
    expect(checked.out).toContain("snapshot-isolation (white-box): ok");
    // The same file read with the default rule gives the white-box false alarms the header prevents.
    expect((await run(p, "--visibility", "strict")).out).toContain("snapshot-isolation (white-box): violation");
    expect(code).toBe(0);
  }, 30_000);

  it("reads it from an EDN header comment too", async () => {
    const text = toEdnHistory(events, { formatVersion: 1, visibility: "inclusive" });
    expect(text.split("\n")[0]).toBe("; {:mvsim-history 1, :visibility :inclusive}");
    expect((await run(file(text, ".edn"))).code).toBe(0);
    expect((await run(file(toEdnHistory(events), ".edn"))).code).toBe(1);
  });

  it("refuses a header of an unknown format version or a bad visibility, or one not on the first line", async () => {
    const body = toJsonlHistory(events);
    const v2 = await run(file(`{"mvsim-history":2}\n${body}`));
    expect(v2.code).toBe(2);
    expect(v2.err).toMatch(/:1: header field 'mvsim-history': expected 1 \(the history format this mvsim reads\), got 2$/);
    const vis = await run(file(`{"mvsim-history":1,"visibility":"loose"}\n${body}`));
    expect(vis.err).toMatch(/:1: header field 'visibility': expected "strict" or "inclusive", got "loose"$/);
    const late = await run(file(`${body}{"mvsim-history":1}\n`));
    expect(late.err).toMatch(/:5: the "mvsim-history" header belongs on the first line/);
  });
});
