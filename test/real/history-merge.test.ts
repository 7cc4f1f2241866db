// Merging worker logs into one history: ordered by the shared counter and
// renumbered; a crash closes the open op of each of the dead process's
// clients with info right after it, and leaves other clients' ops alone;
// counter positions no event holds are counted as lost.
import { describe, expect, it } from "vitest";
import { encodeEvent } from "../../src/real/history-codec.js";
import { mergeHistory } from "../../src/real/history-merge.js";
import { SharedLogWriter, drainLog, recordsOf } from "../../src/real/shared-log.js";
import { createShared, layoutFor } from "../../src/real/shared-layout.js";
import { SYSTEM_PROCESS, type HistoryEvent } from "../../src/history/events.js";

function setup(): { records: () => Int32Array[][]; logs: SharedLogWriter[] } {
  const layout = layoutFor({ words: 64, reservedWords: 0, maxPids: 4, maxWorkers: 2, logWordsPerWorker: 1024 });
  const i32 = new Int32Array(createShared(layout));
  const records = (): Int32Array[][] => [0, 1].map((w) => recordsOf(drainLog(i32, layout, w)));
  return { records, logs: [0, 1].map((w) => new SharedLogWriter(i32, layout, w)) };
}

const ev = (process: number, type: HistoryEvent["type"], index: number, key = process): HistoryEvent => ({
  type, process, f: "write", value: [key, index], index,
});

describe("mergeHistory", () => {
  it("orders by the shared counter, closes a crashed client's open op with info, renumbers", () => {
    const { records, logs } = setup();
    // Client 0 (pid 2) completes one write, then dies inside its second; client 1 (pid 3) carries on.
    for (const e of [ev(0, "invoke", 0), ev(0, "ok", 2), ev(0, "invoke", 5)]) logs[0]!.append(encodeEvent(e));
    for (const e of [ev(1, "invoke", 1), ev(1, "ok", 3), ev(1, "invoke", 7), ev(1, "ok", 9)]) logs[1]!.append(encodeEvent(e));
    const crash: HistoryEvent = { type: "info", process: SYSTEM_PROCESS, f: "crash", value: { pid: 2 }, index: 8 };
    const { events: out, lost } = mergeHistory({ records: records(), extra: [crash], clientsOf: (pid) => [pid - 2] });
    // Positions 4 and 6 of the counter were taken and never logged.
    expect(lost).toBe(2);
    expect(out.map((e) => `${e.index}:${e.process}:${e.type}`)).toEqual([
      "0:0:invoke", "1:1:invoke", "2:0:ok", "3:1:ok", "4:0:invoke", "5:1:invoke", "6:-1:info", "7:0:info", "8:1:ok",
    ]);
    // The info completion repeats the open invoke's op, marked as crashed.
    expect(out[7]).toMatchObject({ f: "write", value: [0, 5], error: "crashed" });
  });

  it("a crash of a process whose client had no open op adds nothing", () => {
    const { records, logs } = setup();
    for (const e of [ev(0, "invoke", 0), ev(0, "ok", 1)]) logs[0]!.append(encodeEvent(e));
    const crash: HistoryEvent = { type: "info", process: SYSTEM_PROCESS, f: "crash", value: { pid: 2 }, index: 2 };
    const { events: out, lost } = mergeHistory({ records: records(), extra: [crash], clientsOf: (pid) => [pid - 2] });
    expect(lost).toBe(0);
    expect(out.map((e) => e.type)).toEqual(["invoke", "ok", "info"]);
  });
});
