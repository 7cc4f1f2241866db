// Checker figures: throughput of the white-box SI checker on 100k generated
// transactions and of the linearizability checker on long multi-key histories,
// each next to the time to merely JSON.parse the same JSON Lines (the ratio).
// Histories come from seeded runs of simple sequential systems, so they are valid.
import { runChecker, type Checker } from "../src/check/checker.js";
import { parseJsonlHistory, toJsonlHistory } from "../src/history/jsonl.js";
import { readHistory } from "../src/history/read-history.js";
import { LinearizabilityChecker } from "../src/check/linearizability.js";
import { SnapshotIsolationChecker } from "../src/check/snapshot-isolation.js";
import type { HistoryEvent, MicroOp } from "../src/history/events.js";
import { Rng } from "../src/sim/rng.js";

/** An SI system: snapshot reads, first-committer-wins at commit, `procs` clients interleaved at random. */
export function siHistory(seed: bigint, txns: number, procs = 8, keys = 1000): HistoryEvent[] {
  const rng = new Rng(seed).fork("si-history");
  const versions = new Map<number, Array<{ commit: number; value: number }>>();
  const events: HistoryEvent[] = [];
  let clock = 1;
  let nextValue = 1;
  let nextId = 1;
  let started = 0;
  let done = 0;
  const open = new Map<number, { id: number; start: number; ops: MicroOp[] }>();
  const readAt = (k: number, ts: number): number | null => {
    const vs = versions.get(k) ?? [];
    for (let i = vs.length - 1; i >= 0; i--) if (vs[i]!.commit < ts) return vs[i]!.value;
    return null;
  };
  while (done < txns) {
    const p = rng.int(procs);
    const t = open.get(p);
    if (!t) {
      if (started >= txns) continue;
      started++;
      const start = clock++;
      const own = new Map<number, number>();
      const ops: MicroOp[] = [];
      const n = rng.range(1, 4);
      for (let i = 0; i < n; i++) {
        const k = rng.int(keys);
        if (rng.chance(0.5)) ops.push(["r", k, own.has(k) ? own.get(k)! : readAt(k, start)]);
        else {
          const v = nextValue++;
          own.set(k, v);
          ops.push(["w", k, v]);
        }
      }
      open.set(p, { id: nextId++, start, ops });
      events.push({ type: "invoke", process: p, f: "txn", value: ops.map((m) => (m[0] === "r" ? ["r", m[1], null] : m)), index: events.length });
      continue;
    }
    open.delete(p);
    done++;
    const written = t.ops.filter((m) => m[0] === "w").map((m) => m[1] as number);
    const conflict = written.some((k) => (versions.get(k) ?? []).some((v) => v.commit > t.start));
    if (conflict) {
      events.push({ type: "fail", process: p, f: "txn", value: t.ops, index: events.length, txn: { id: t.id, start: t.start }, error: "conflict" });
      continue;
    }
    const commit = clock++;
    for (const m of t.ops) if (m[0] === "w") {
      const vs = versions.get(m[1] as number) ?? [];
      vs.push({ commit, value: m[2] as number });
      versions.set(m[1] as number, vs);
    }
    events.push({ type: "ok", process: p, f: "txn", value: t.ops, index: events.length, txn: { id: t.id, start: t.start, commit } });
  }
  return events;
}

/** A linearizable register per key: each op takes effect at a random moment between its invoke and its ok. */
export function registerHistory(seed: bigint, ops: number, procs = 8, keys = 200): HistoryEvent[] {
  const rng = new Rng(seed).fork("register-history");
  const state = new Map<number, number | null>();
  const events: HistoryEvent[] = [];
  const open = new Map<number, { f: "read" | "write" | "cas"; key: number; arg: number; applied: boolean; refused: boolean; value: unknown }>();
  let invoked = 0;
  let done = 0;
  let nextValue = 1;
  while (done < ops) {
    const p = rng.int(procs);
    const o = open.get(p);
    if (!o) {
      if (invoked >= ops) continue;
      invoked++;
      const key = rng.int(keys);
      const r = rng.next();
      const f = r < 0.5 ? "read" : r < 0.85 ? "write" : "cas";
      const arg = nextValue++;
      const cur = state.get(key) ?? null;
      const value = f === "read" ? [key, null] : f === "write" ? [key, arg] : [key, [cur, arg]];
      open.set(p, { f, key, arg, applied: false, refused: false, value });
      events.push({ type: "invoke", process: p, f, value, index: events.length });
    } else if (!o.applied) {
      o.applied = true;
      const cur = state.get(o.key) ?? null;
      if (o.f === "read") o.value = [o.key, cur];
      else if (o.f === "write") state.set(o.key, o.arg);
      else {
        const [expected] = (o.value as [number, [number | null, number]])[1];
        if (expected === cur) state.set(o.key, o.arg);
        else o.refused = true; // completes as fail, with its invoke's value
      }
    } else {
      open.delete(p);
      done++;
      events.push({ type: o.refused ? "fail" : "ok", process: p, f: o.f, value: o.value, index: events.length });
    }
  }
  return events;
}

function timed<T>(fn: () => T): { ms: number; value: T } {
  const t0 = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

function measure(log: (line: string) => void, label: string, events: HistoryEvent[], units: number, unitName: string, make: () => Checker): void {
  const text = toJsonlHistory(events);
  const parse = timed(() => text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as unknown));
  const validate = timed(() => parseJsonlHistory(text, "bench.jsonl"));
  const bytes = new TextEncoder().encode(text);
  const read = timed(() => readHistory(bytes, "bench.jsonl", "jsonl"));
  const check = timed(() => runChecker(make(), events));
  const r = check.value;
  const perSec = (units / check.ms) * 1000;
  log(`${label}: ${events.length} events, ${units} ${unitName}, ${(text.length / 1e6).toFixed(1)} MB JSONL`);
  log(`  JSON.parse only        ${parse.ms.toFixed(0).padStart(7)} ms`);
  log(`  parse + validate       ${validate.ms.toFixed(0).padStart(7)} ms   (${(validate.ms / parse.ms).toFixed(2)}x JSON.parse)`);
  log(`  bytes to checked input ${read.ms.toFixed(0).padStart(7)} ms   (${(read.ms / parse.ms).toFixed(2)}x JSON.parse: UTF-8, lines, pairing; what mvsim check runs)`);
  log(`  check                  ${check.ms.toFixed(0).padStart(7)} ms   (${(check.ms / parse.ms).toFixed(2)}x JSON.parse)   ${Math.round(perSec)} ${unitName}/s   verdict ${r.verdict}`);
  if (!read.value.ok) log(`  ! expected a valid history: ${read.value.error}`);
  if (r.verdict !== "ok") log(`  ! expected ok on a generated valid history: ${r.violations[0]?.explanation ?? r.unknownReason ?? ""}`);
}

export async function benchCheckers(log: (line: string) => void): Promise<void> {
  const si = siHistory(1n, 100_000);
  measure(log, "white-box snapshot isolation", si, 100_000, "txns", () => new SnapshotIsolationChecker());
  const lin = registerHistory(2n, 100_000);
  measure(log, "linearizability (200 keys, 8 clients)", lin, 100_000, "ops", () => new LinearizabilityChecker());
  const hot = registerHistory(3n, 20_000, 16, 4);
  measure(log, "linearizability (4 hot keys, 16 clients)", hot, 20_000, "ops", () => new LinearizabilityChecker());
  await Promise.resolve();
}
