// Validation never refuses a history mvsim itself writes: simulated runs (with
// crashes, power losses, restarts, info ops left open), Hermitage op scripts
// (txns aborted part-way report the micro-ops they got through) on every
// target, and the engine with bug switches on. Each is written as JSONL and EDN
// with a header and read back through the same path `mvsim check` takes.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runOpScript } from "../../src/harness/op-script.js";
import { runSeed } from "../../src/harness/run-seed.js";
import { loadScenario } from "../../src/harness/scenario.js";
import type { KvTarget } from "../../src/harness/target.js";
import { MVSIM_VERSION } from "../../src/cli/mvsim-version.js";
import type { HistoryEvent } from "../../src/history/events.js";
import { toEdnHistory } from "../../src/history/edn.js";
import { toJsonlHistory } from "../../src/history/jsonl.js";
import type { HistoryMeta } from "../../src/history/metadata.js";
import { readHistory } from "../../src/history/read-history.js";
import { dirtyTarget, serialTarget } from "../harness/toy-targets.js";
import { CASES } from "../harness/hermitage/schedules.js";
import { siToyTarget } from "../harness/hermitage/si-toy.js";
import { engineTargets, engineWithBugs } from "../harness/hermitage/engine-matrix.js";

const enc = new TextEncoder();
const meta: HistoryMeta = { formatVersion: 1, visibility: "inclusive", scenario: "own", seed: "18446744073709551615", target: "engine", mvsimVersion: MVSIM_VERSION };

function expectAccepted(history: readonly HistoryEvent[], name: string): void {
  const jsonl = readHistory(enc.encode(toJsonlHistory(history, meta)), `${name}.jsonl`, "jsonl");
  expect(jsonl.ok ? "accepted" : jsonl.error).toBe("accepted");
  if (jsonl.ok) {
    expect(jsonl.meta).toEqual(meta);
    expect(jsonl.events).toEqual(history);
  }
  const edn = readHistory(enc.encode(toEdnHistory(history, meta)), `${name}.edn`, "edn");
  expect(edn.ok ? "accepted" : edn.error).toBe("accepted");
  if (edn.ok) expect(edn.meta).toEqual(meta);
}

describe("mvsim's own histories pass validation", () => {
  const targets: [string, () => KvTarget][] = [
    ["dirty", dirtyTarget],
    ["serial", serialTarget],
    ["si-toy", () => siToyTarget(false)],
    ["si-toy (conflict at write)", () => siToyTarget(true)],
    ...engineTargets,
    ["engine with ww-check-toctou", () => engineWithBugs(["ww-check-toctou"])],
  ];
  it.each(targets)("Hermitage scripts on %s", (name, make) => {
    for (const c of CASES) expectAccepted(runOpScript({ target: make(), script: c.script }).history, `${name}-${c.name}`);
  });

  it.each(["crash-mid-commit", "random-crashes-and-power", "register-linearizability", "single-writer-dies", "bugs/fractured-commit", "bugs/writer-lock-dead-owner"])(
    "simulated runs of %s",
    async (name) => {
      const loaded = await loadScenario(`scenarios/${name}.json`);
      if (!loaded.ok) throw new Error(loaded.error);
      for (const seed of [1n, 2n]) {
        const r = runSeed({ scenario: loaded.scenario, seed });
        if (typeof r === "string") throw new Error(r);
        expectAccepted(r.history, `${name}-${seed}`);
      }
    },
    60_000,
  );
});

describe("metadata", () => {
  it("MVSIM_VERSION is package.json's version", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(MVSIM_VERSION).toBe(pkg.version);
  });

  it("round-trips through a JSONL header line and an EDN header comment, and is absent without one", () => {
    const events: HistoryEvent[] = [{ type: "invoke", process: 0, f: "read", value: ["k \"q\"", null], index: 0 }];
    for (const m of [meta, { formatVersion: 1 } as const, { formatVersion: 1, visibility: "strict", seed: "x\ny" } as const]) {
      const j = readHistory(enc.encode(toJsonlHistory(events, m)), "m.jsonl", "jsonl");
      expect(j).toEqual({ ok: true, events, meta: m });
      const e = readHistory(enc.encode(toEdnHistory(events, m)), "m.edn", "edn");
      expect(e).toEqual({ ok: true, events, meta: m });
    }
    expect(toJsonlHistory(events, meta).split("\n")[0]).toBe(`{"mvsim-history":1,"visibility":"inclusive","scenario":"own","seed":"18446744073709551615","target":"engine","mvsimVersion":"${MVSIM_VERSION}"}`);
    expect(readHistory(enc.encode(toJsonlHistory(events)), "m.jsonl", "jsonl")).toEqual({ ok: true, events });
    // The headers shown in docs/history-format.md are what the writers produce.
    const doc = readFileSync(new URL("../../docs/history-format.md", import.meta.url), "utf8");
    const shown = { formatVersion: 1, visibility: "inclusive", seed: "1", target: "engine", mvsimVersion: MVSIM_VERSION } as const;
    expect(doc).toContain("```json\n" + toJsonlHistory(events, shown).split("\n")[0] + "\n```");
    expect(doc).toContain("```\n" + toEdnHistory(events, shown).split("\n")[0] + "\n```");
    // An ordinary leading comment in EDN is not a header.
    expect(readHistory(enc.encode(`; a Jepsen history\n${toEdnHistory(events)}`), "m.edn", "edn")).toEqual({ ok: true, events });
  });
});
