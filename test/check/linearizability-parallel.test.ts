// Keys checked on worker threads give the very result of the single-threaded
// check: same verdict, same violations in the same order, same stats, with
// and without allKeys (src/check/linearizability-parallel.ts).
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LinearizabilityChecker, type LinearizabilityOptions } from "../../src/check/linearizability.js";
import { finishInWorkers } from "../../src/check/linearizability-parallel.js";
import type { HistoryEvent } from "../../src/history/events.js";
import { H } from "./history-builder.js";

const workerUrl = new URL("../../src/check/linearizability-key-worker.ts", import.meta.url);
const execArgv = ["--import", fileURLToPath(new URL("../real/ts-worker-register.mjs", import.meta.url))];

/** 24 keys of different sizes; every fifth has a stale read (values repeat, so the search decides). */
function history(): HistoryEvent[] {
  const h = new H();
  for (let k = 0; k < 24; k++) {
    const key = `k${k}`;
    for (let i = 0; i < 3 + ((k * 7) % 11); i++) h.op(1, "write", [key, i % 3]).op(2, "read", [key, i % 3], [key, null]);
    if (k % 5 === 2) h.op(1, "write", [key, 5]).op(1, "write", [key, 6]).op(3, "read", [key, 5], [key, null]);
  }
  return h.events;
}

async function both(options: LinearizabilityOptions) {
  const one = new LinearizabilityChecker(options);
  const many = new LinearizabilityChecker(options);
  for (const e of history()) {
    one.onEvent(e);
    many.onEvent(e);
  }
  return { one: one.finish(), many: await finishInWorkers(many, { workers: 2, workerUrl, execArgv }) };
}

describe("linearizability on worker threads", () => {
  it("stops at the same first illegal key as the single-threaded check", async () => {
    const { one, many } = await both({});
    expect(one.verdict).toBe("violation");
    expect(one.violations).toHaveLength(1);
    expect(many).toEqual(one);
  });

  it("reports every illegal key, in the same order, with allKeys", async () => {
    const { one, many } = await both({ allKeys: true });
    expect(one.violations).toHaveLength(5);
    expect(many).toEqual(one);
  });
});
