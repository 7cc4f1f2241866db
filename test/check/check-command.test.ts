// Tests the `mvsim check` command (src/cli/commands/check.ts) through its run()
// with a fake Io and temp files; kept here with the checkers it drives.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { historyDir, historyFile, runCheck } from "./check-cli.js";
import { toJsonlHistory } from "../../src/history/jsonl.js";
import { UsageError } from "../../src/cli/args.js";
import { H } from "./history-builder.js";

const dir = historyDir;
const file = historyFile;

const run = runCheck;

describe("mvsim check", () => {
  it("exits 2 on a bad field, naming the file, line and field", async () => {
    const good = toJsonlHistory(new H().op(1, "write", ["x", 1]).events);
    const p = file(good + '{"type":"ok","process":"two","f":"read","value":["x",1]}\n');
    const r = await run(p);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${p}:3: field 'process': expected an integer, got "two"`);
    expect(r.err.split("\n")).toHaveLength(1);
  });

  it("exits 2 on a line that is not JSON and on a missing file", async () => {
    const p = file('{"type":"invoke"\n');
    const r = await run(p);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${p}:1: not JSON`);
    const missing = await run(join(dir, "nope.jsonl"));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("nope.jsonl");
  });

  it("exits 0 on a linearizable history and 1 on a stale read, with evidence", async () => {
    const ok = file(toJsonlHistory(new H().op(1, "write", ["x", 1]).op(2, "read", ["x", 1], ["x", null]).events));
    const r0 = await run(ok, "--model", "linearizable");
    expect(r0.code).toBe(0);
    expect(r0.out).toContain("verdict: ok");
    const bad = file(toJsonlHistory(new H().op(1, "write", ["x", 1]).op(1, "write", ["x", 2]).op(2, "read", ["x", 1], ["x", null]).events));
    const r1 = await run(bad);
    expect(r1.code).toBe(1);
    expect(r1.out).toContain("non-linearizable [linearizability] at history index 5");
    expect(r1.out).toContain("sub-history");
  });

  it("exits 3 when the state budget runs out", async () => {
    const h = new H();
    for (let p = 0; p < 8; p++) h.invoke(p, "write", ["x", p % 4]);
    for (let p = 0; p < 8; p++) h.ok(p, "write", ["x", p % 4]);
    h.op(9, "read", ["x", 3], ["x", null]);
    const r = await run(file(toJsonlHistory(h.events)), "--max-states", "5");
    expect(r.code).toBe(3);
    expect(r.out).toContain("verdict: unknown");
  });

  it("runs white-box SI when txns carry stamps, and the system-event checkers", async () => {
    const h = new H()
      .txn(1, [["w", "x", 1]], { id: 1, start: 1, commit: 10 })
      .txn(2, [["r", "x", null]], { id: 2, start: 20 })
      .system("use-after-free", { addr: 8, op: "load", thread: 1, step: 3, allocSite: { thread: 0, step: 1 }, freeSite: { thread: 2, step: 2 } });
    const r = await run(file(toJsonlHistory(h.events)), "--model", "snapshot-isolation");
    expect(r.code).toBe(1);
    expect(r.out).toContain("stale-read [snapshot-isolation]");
    expect(r.out).toContain("use-after-free [reclamation]");
    const json = await run(file(toJsonlHistory(h.events)), "--json");
    expect(JSON.parse(json.out).verdict).toBe("violation");
  });

  it("rejects an unknown model as a usage error", async () => {
    await expect(run(file(""), "--model", "eventual")).rejects.toThrow(UsageError);
  });
});

describe("mvsim check on EDN", () => {
  it("reads a Jepsen list-append history by extension and finds nothing wrong in a serial one", async () => {
    const edn = [
      "{:type :invoke, :f :txn, :value [[:append 1 2] [:r 1 nil]], :process 0, :index 0}",
      "{:type :ok, :f :txn, :value [[:append 1 2] [:r 1 [2]]], :process 0, :index 1}",
      "{:type :invoke, :f :txn, :value [[:r 1 nil]], :process 1, :index 2}",
      "{:type :ok, :f :txn, :value [[:r 1 [2]]], :process 1, :index 3}",
    ].join("\n");
    const r = await run(file(edn, ".edn"), "--model", "serializable");
    expect(r.out).toContain("4 events, model serializable");
    expect(r.code).toBe(0);
  });

  it("exits 2 on a bad EDN line, naming the file and line", async () => {
    const p = file("{:type :ok, :f :txn, :value [[:append 1 2]], :process 0}\n{:type :bogus, :f :txn, :value [], :process 0}\n", ".edn");
    const r = await run(p);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${p}:2`);
  });
});
