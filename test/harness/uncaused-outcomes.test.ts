// An info op needs a cause: a store that answers "may or may not have
// happened" in a run with no fault is caught, the same answer after a crash,
// a power loss, a disk fault or a limit the store names is not.
import { describe, expect, it } from "vitest";
import type { HistoryEvent } from "../../src/history/events.js";
import { SYSTEM_PROCESS } from "../../src/history/events.js";
import { defineTarget, simulate, type KvTarget, type Ports } from "../../src/index.js";
import { uncausedIndeterminate } from "../../src/harness/uncaused-outcomes.js";

const op = (type: HistoryEvent["type"], process: number, index: number): HistoryEvent => ({ type, process, f: "write", value: [0, 1], index });
const sys = (f: string, index: number): HistoryEvent => ({ type: "info", process: SYSTEM_PROCESS, f, value: f === "power-loss" ? null : { pid: 1 }, index } as HistoryEvent);

describe("uncausedIndeterminate", () => {
  const infoAlone = [op("invoke", 0, 0), op("info", 0, 1), op("invoke", 1, 2), op("ok", 1, 3)];

  it("an info op in a run with no fault is a liveness violation naming it", () => {
    const [v] = uncausedIndeterminate(infoAlone, 0);
    expect(v?.property).toBe("liveness");
    expect(v?.kind).toBe("indeterminate-without-fault");
    expect(v?.step).toBe(1);
  });

  it("ok and fail outcomes need no cause", () => {
    expect(uncausedIndeterminate([op("invoke", 0, 0), op("fail", 0, 1), op("invoke", 0, 2), op("ok", 0, 3)], 0)).toEqual([]);
  });

  it("a crash, a restart, a power loss or a disk fault anywhere in the run is a cause", () => {
    for (const f of ["crash", "restart", "power-loss"]) expect(uncausedIndeterminate([...infoAlone, sys(f, 4)], 0)).toEqual([]);
    expect(uncausedIndeterminate(infoAlone, 1)).toEqual([]);
  });

  it("a faults-stop or memory event is not a cause", () => {
    expect(uncausedIndeterminate([...infoAlone, { type: "info", process: SYSTEM_PROCESS, f: "faults-stop", value: null, index: 4 }], 0)).toHaveLength(1);
  });

  it("an info the store blamed on its own limit is excused, another is not", () => {
    expect(uncausedIndeterminate(infoAlone, 0, new Set([1]))).toEqual([]);
    expect(uncausedIndeterminate([...infoAlone, op("invoke", 2, 4), op("info", 2, 5)], 0, new Set([1]))[0]?.step).toBe(5);
  });
});

/** A store that keeps writes in a map and answers every third put "info" for no reason. */
function flakyStore(limit?: string): KvTarget {
  const data = new Map<string, string>();
  let puts = 0;
  class Unsure extends Error {}
  return defineTarget({
    name: "flaky",
    visibility: "inclusive",
    *open() {
      return {
        session: (_p: Ports) => ({
          *begin() { throw new Error("no txns"); },
          *get(k: string) { return data.get(k) ?? null; },
          *put(k: string, v: string) {
            data.set(k, v);
            if (++puts % 3 === 0) throw new Unsure("lost track of the ack");
          },
          *del(k: string) { data.delete(k); },
          *cas() { return false; },
        }),
      };
    },
    classify: (e) => (e instanceof Unsure ? { type: "info", reason: e.message, ...(limit ? { limit } : {}) } : undefined),
  });
}

describe("a store that answers info with nothing to cause it", () => {
  const scenario = { processes: 1, threadsPerProcess: 2, workload: { opsPerThread: 6, readRatio: 0.3, singleKeyOpRatio: 1, keys: { count: 2 } } };

  it("fails the run with indeterminate-without-fault", () => {
    const r = simulate(scenario, { target: flakyStore(), seeds: 1 });
    expect(r.verdict).toBe("violation");
    expect(r.firstFailure!.violations.map((v) => v.kind)).toContain("indeterminate-without-fault");
  });

  it("passes when the store names its limit as the cause", () => {
    const r = simulate(scenario, { target: flakyStore("write buffer"), seeds: 1 });
    expect(r.firstFailure?.violations.map((v) => v.kind) ?? []).not.toContain("indeterminate-without-fault");
  });
});
