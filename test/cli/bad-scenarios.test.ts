// `mvsim run` on malformed scenario files: every one is refused with exit 2 and
// one line naming the file, the field path and the value (never a hang, a stack
// overflow, a RangeError, or a violation reported against the correct engine).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { callCommand } from "./call-command.js";
import { runCmd } from "../../src/cli/commands/run.js";

const dir = mkdtempSync(join(tmpdir(), "mvsim-bad-"));
const base = { name: "bad", description: "a malformed scenario", workload: { opsPerThread: 2 }, gate: { seeds: 1 } };

type Case = readonly [what: string, body: Record<string, unknown> | string | Uint8Array, path: string, value: string];

const cases: Case[] = [
  ["huge processes", { processes: 1e308 }, "processes", "1e+308"],
  ["infinite-looking processes literal", '{"name":"bad","description":"d","processes":1e400}', "processes", "Infinity"],
  ["threadsPerProcess 100000", { threadsPerProcess: 100000 }, "threadsPerProcess", "100000"],
  ["opsPerThread 1e12", { workload: { opsPerThread: 1e12 } }, "workload.opsPerThread", "1000000000000"],
  ["a run too large as a whole", { processes: 16, threadsPerProcess: 16, workload: { opsPerThread: 10000 } }, "workload.opsPerThread", "10000"],
  ["arena.words 2^40", { arena: { words: 2 ** 40 } }, "arena.words", "1099511627776"],
  ["arena.words 1024", { arena: { words: 1024 } }, "arena.words", "1024"],
  ["readerSlots 1e9", { engine: { readerSlots: 1e9 } }, "engine.readerSlots", "1000000000"],
  ["readerSlots too many for the arena", { arena: { words: 65536 }, engine: { readerSlots: 4096 } }, "arena.words", "65536"],
  ["bucketCount 0", { engine: { bucketCount: 0 } }, "engine.bucketCount", "0"],
  ["txnSlots 0", { engine: { txnSlots: 0 } }, "engine.txnSlots", "0"],
  ["hlcLogicalBits 64", { engine: { hlcLogicalBits: 64 } }, "engine.hlcLogicalBits", "64"],
  ["valueSegments 0", { engine: { valueSegments: 0 } }, "engine.valueSegments", "0"],
  ["ringEpochs 1", { engine: { ringEpochs: 1 } }, "engine.ringEpochs", "1"],
  ["stepUs 1e300", { stepUs: 1e300 }, "stepUs", "1e+300"],
  ["stepBudgetMax 1e15", { stepBudgetMax: 1e15 }, "stepBudgetMax", "1000000000000000"],
  ["timeLimitUs 1e20", { timeLimitUs: 1e20 }, "timeLimitUs", "100000000000000000000"],
  ["disk.capacityBytes 0", { faults: { disk: { capacityBytes: 0 } } }, "faults.disk.capacityBytes", "0"],
  ["EIO on every write", { faults: { disk: { writeEioProbabilityPerOp: 1 } } }, "faults.disk.writeEioProbabilityPerOp", "1"],
  ["EIO on every fsync", { faults: { disk: { fsyncEioProbabilityPerOp: 1 } } }, "faults.disk.fsyncEioProbabilityPerOp", "1"],
  ["a fsync latency of 1e300", { faults: { disk: { fsyncLatencyUs: 1e300 } } }, "faults.disk.fsyncLatencyUs", "1e+300"],
  ["a huge corrupt sector", { faults: { disk: { corruptSectors: [{ path: "db/x", sector: 1e300 }] } } }, "faults.disk.corruptSectors[0].sector", "1e+300"],
  ["a clock jump of 1e15 ms", { faults: { clock: [{ kind: "jump", atUs: 0, deltaMs: -1e15 }] } }, "faults.clock[0].deltaMs", "-1000000000000000"],
  ["a crash point nth 1e300", { faults: { crashPoints: [{ label: "wal.fsync", nth: 1e300 }] } }, "faults.crashPoints[0].nth", "1e+300"],
  ["processCrashesMax 1e12", { faults: { processCrashProbabilityPerStep: 0.1, processCrashesMax: 1e12 } }, "faults.processCrashesMax", "1000000000000"],
  ["pct depth 1e9", { strategy: { name: "pct", depth: 1e9 } }, "strategy.depth", "1000000000"],
  ["gate.seeds as a huge integer literal", '{"name":"bad","description":"d","gate":{"seeds":123456789012345678901234567890}}', "gate.seeds", "1.2345678901234568e+29"],
  ["gate.masterSeed as a huge integer literal", '{"name":"bad","description":"d","gate":{"masterSeed":123456789012345678901234567890}}', "gate.masterSeed", "1.2345678901234568e+29"],
  ["keys.count 1e9", { workload: { keys: { count: 1e9 } } }, "workload.keys.count", "1000000000"],
  ["txnSize.max 1e6", { workload: { txnSize: { min: 1, max: 1e6 } } }, "workload.txnSize.max", "1000000"],
  ["thinkUs 1e300", { workload: { thinkUs: 1e300 } }, "workload.thinkUs", "1e+300"],
  ["restart.delayUs 1e300", { restart: { delayUs: 1e300 } }, "restart.delayUs", "1e+300"],
  ["checks.maxStatesPerKey 1e300", { checks: { maxStatesPerKey: 1e300 } }, "checks.maxStatesPerKey", "1e+300"],
  ["quarantine as large as the arena", { arena: { words: 65536, quarantineWords: 65536 } }, "arena.quarantineWords", "65536"],
  ["invalid UTF-8 in a description", new Uint8Array([...Buffer.from('{"name":"bad","description":"caf'), 0xc3, 0x28, ...Buffer.from('"}')]), "byte 32", "invalid UTF-8"],
  ["deeply nested JSON", `{"name":"bad","description":"d","checks":${"[".repeat(100_000)}${"]".repeat(100_000)}}`, "nested deeper than", ""],
];

const run = (argv: string[]) => callCommand(runCmd, argv);

describe("mvsim run refuses every out-of-range scenario value with exit 2", () => {
  it.each(cases)("%s", async (_what, body, path, value) => {
    const file = join(dir, "bad.json");
    writeFileSync(file, typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify({ ...base, ...body }));
    const r = await run([file, "--workers", "1", "--out", join(dir, "out")]);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain(`${file}`);
    expect(r.err).toContain(path);
    expect(r.err).toContain(value);
    expect(r.err).not.toContain("\n");
  });

  it("the smallest arena the loader accepts opens and passes on the correct engine", async () => {
    const file = join(dir, "smallest.json");
    // The minimum for default capacities with no quarantine: root words, WAL control, engine tables, one segment, room to work.
    writeFileSync(file, JSON.stringify({ ...base, name: "smallest", arena: { words: 1024, quarantineWords: 0 }, gate: { seeds: 3 } }));
    const refused = await run([file, "--workers", "1", "--out", join(dir, "out-small")]);
    const min = Number(/at least (\d+) words/.exec(refused.err)?.[1]);
    expect(min).toBeGreaterThan(1024);
    writeFileSync(file, JSON.stringify({ ...base, name: "smallest", arena: { words: min, quarantineWords: 0 }, gate: { seeds: 3 } }));
    const ok = await run([file, "--workers", "1", "--out", join(dir, "out-small")]);
    expect(ok.code, ok.err).toBe(0);
  });
});
