// `npm run bench -- linearizability`: the linearizability checker on seeded
// histories of the shapes (registers over 100 keys, one hot key with 8
// clients, a c50-like kv append workload), valid and with one anomaly
// injected. Per case: verdict, states explored, memo bytes, ops/s and the
// median check time over alternating rounds next to the time to JSON.parse the
// same JSONL. Targets: every case decided; the 1-key stale read under 1 s; the
// 100k-op valid history within 2x of its parse time. Knobs: LIN_ROUNDS, LIN_SCALE_PCT.
import { runChecker } from "../src/check/checker.js";
import { LinearizabilityChecker } from "../src/check/linearizability.js";
import type { HistoryEvent, Value } from "../src/history/events.js";
import { toJsonlHistory } from "../src/history/jsonl.js";
import { Rng } from "../src/sim/rng.js";
import { envInt } from "./env-knobs.js";

interface Open {
  readonly f: "read" | "write" | "append";
  readonly key: number;
  readonly arg: Value;
  applied: boolean;
  out: Value;
  /** Acknowledged but never applied: the lost append. */
  lost?: boolean;
}

interface Shape {
  readonly ops: number;
  readonly keys: number;
  readonly clients: number;
  /** Writes draw from this many values (repeats) instead of fresh ones. */
  readonly values?: number;
  /** kv appends (c50-like): append 45%, read 45%, put of a fresh one-element list 10%. */
  readonly appends?: boolean;
  /** Inject one stale read (registers) or one lost append (appends) at this fraction of the history. */
  readonly anomalyAt?: number;
}

/**
 * A linearizable system with `clients` clients interleaved at random: each op
 * takes effect at a random moment between its invoke and its ok. The injected
 * stale read returns a value overwritten by a write that completed before the
 * read began; the lost append is acknowledged and never applied (and no put
 * later wipes its key, so a later read shows the loss).
 */
export function linearizableHistory(seed: bigint, s: Shape): HistoryEvent[] {
  const rng = new Rng(seed).fork("linearizability-bench");
  const state = new Map<number, Value>();
  // Per key, completed writes: value, and the positions of their invoke and ok.
  const done = new Map<number, Array<{ value: Value; call: number; ret: number }>>();
  const calls = new Map<number, number>();
  const events: HistoryEvent[] = [];
  const open = new Map<number, Open>();
  let invoked = 0;
  let finished = 0;
  let fresh = 1;
  let injected = s.anomalyAt === undefined;
  let wiped = -1;
  // After the stale read of a repeated value, nobody writes that value to its key again.
  let banned: { key: number; value: Value } | undefined;
  while (finished < s.ops) {
    const p = rng.int(s.clients);
    const o = open.get(p);
    if (!o) {
      if (invoked >= s.ops) continue;
      invoked++;
      const key = rng.int(s.keys);
      const r = rng.next();
      let f: Open["f"];
      let arg: Value = null;
      if (s.appends) {
        f = r < 0.45 ? "append" : r < 0.9 || key === wiped ? "read" : "write";
        arg = f === "append" ? `x ${p} ${fresh++} y` : f === "write" ? [`x ${p} ${fresh++} y`] : null;
      } else {
        f = r < 0.5 ? "read" : "write";
        arg = f === "write" ? (s.values ? rng.int(s.values) : fresh++) : null;
        if (f === "write" && banned?.key === key && banned.value === arg) arg = s.values! + fresh++;
      }
      const lost = !injected && f === "append" && invoked >= s.anomalyAt! * s.ops;
      if (lost) {
        injected = true;
        wiped = key;
      }
      open.set(p, { f, key, arg, applied: false, out: null, ...(lost ? { lost } : {}) });
      calls.set(p, events.length);
      events.push({ type: "invoke", process: p, f, value: [key, f === "read" ? null : arg], index: events.length });
    } else if (!o.applied) {
      o.applied = true;
      const cur = state.get(o.key) ?? null;
      if (o.f === "read") {
        o.out = cur;
        if (!injected && !s.appends && invoked >= s.anomalyAt! * s.ops) {
          const ws = done.get(o.key) ?? [];
          const call = calls.get(p)!;
          // w1 overwritten by w2, both completed before this read was invoked.
          let w2: (typeof ws)[number] | undefined;
          for (let i = ws.length - 1; i >= 0 && !w2; i--) if (ws[i]!.ret < call) w2 = ws[i];
          // A value no other write of the key (done or still open) could have made current again.
          const again = (w: { value: Value; ret: number }): boolean =>
            ws.some((x) => x !== w && x.value === w.value && x.ret > w.ret) || [...open.values()].some((x) => x.key === o.key && x.f === "write" && x.arg === w.value);
          const w1 = w2 && ws.find((w) => w.ret < w2.call && w.value !== cur && !again(w));
          if (w1) {
            banned = { key: o.key, value: w1.value };
            o.out = w1.value;
            injected = true;
          }
        }
      } else if (o.f === "write") state.set(o.key, o.arg);
      else if (!o.lost) state.set(o.key, [...((cur as Value[] | null) ?? []), o.arg]);
    } else {
      open.delete(p);
      finished++;
      if (o.f === "write") {
        const ws = done.get(o.key) ?? [];
        ws.push({ value: o.arg, call: calls.get(p)!, ret: events.length });
        done.set(o.key, ws);
      }
      events.push({ type: "ok", process: p, f: o.f, value: [o.key, o.f === "read" ? o.out : o.arg], index: events.length });
    }
  }
  return events;
}

function ms(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

function bench(log: (line: string) => void, label: string, events: HistoryEvent[], expected: "ok" | "violation", rounds: number): void {
  const text = toJsonlHistory(events);
  const lines = text.split("\n").filter((l) => l !== "");
  const parses: number[] = [];
  const checks: number[] = [];
  let result = runChecker(new LinearizabilityChecker(), events);
  // Alternating rounds, so a slow moment of a shared machine hits both sides.
  for (let r = 0; r < rounds; r++) {
    parses.push(ms(() => lines.map((l) => JSON.parse(l) as unknown)));
    checks.push(ms(() => (result = runChecker(new LinearizabilityChecker(), events))));
  }
  const parse = median(parses);
  const check = median(checks);
  const st = result.stats ?? {};
  const ops = st["ops"] ?? 0;
  const mark = result.verdict === expected ? "" : `   ! expected ${expected}`;
  log(`${label}: ${events.length} events, ${(text.length / 1e6).toFixed(1)} MB JSONL`);
  log(
    `  check ${check.toFixed(0).padStart(6)} ms  (${(check / parse).toFixed(2)}x JSON.parse ${parse.toFixed(0)} ms)  ${Math.round((ops / check) * 1000)} ops/s  ` +
      `states ${st["statesExplored"] ?? 0}  memo ${((st["memoBytesMax"] ?? 0) / 1e6).toFixed(1)} MB  keys ${st["keysChecked"]}/${st["keys"]} (unique-value ${st["uniqueValueKeys"]})  verdict ${result.verdict}${mark}`,
  );
  if (result.verdict === "unknown") log(`  ! ${result.unknownReason}`);
}

export async function benchLinearizability(log: (line: string) => void): Promise<void> {
  const rounds = envInt("LIN_ROUNDS", 3, 1);
  const scale = envInt("LIN_SCALE_PCT", 100, 1) / 100;
  const n = (ops: number): number => Math.max(100, Math.round(ops * scale));
  log(`median of ${rounds} alternating rounds (LIN_ROUNDS), sizes x${scale} (LIN_SCALE_PCT)`);
  const cases: Array<[string, Shape, "ok" | "violation"]> = [
    ["10k ops, 100 keys, valid", { ops: n(10_000), keys: 100, clients: 8 }, "ok"],
    ["10k ops, 100 keys, one stale read", { ops: n(10_000), keys: 100, clients: 8, anomalyAt: 0.6 }, "violation"],
    ["100k ops, 100 keys, valid", { ops: n(100_000), keys: 100, clients: 8 }, "ok"],
    ["10k ops, 1 key, 8 clients, valid", { ops: n(10_000), keys: 1, clients: 8 }, "ok"],
    ["10k ops, 1 key, 8 clients, one stale read", { ops: n(10_000), keys: 1, clients: 8, anomalyAt: 0.6 }, "violation"],
    ["10k ops, 1 key, 8 clients, 5 values, valid (search)", { ops: n(10_000), keys: 1, clients: 8, values: 5 }, "ok"],
    ["10k ops, 1 key, 8 clients, 5 values, one stale read (search)", { ops: n(10_000), keys: 1, clients: 8, values: 5, anomalyAt: 0.6 }, "violation"],
    ["c50-like kv appends, 50 clients, 10 keys, valid", { ops: n(1_700), keys: 10, clients: 50, appends: true }, "ok"],
    ["c50-like kv appends, 50 clients, 10 keys, one lost append", { ops: n(1_700), keys: 10, clients: 50, appends: true, anomalyAt: 0.5 }, "violation"],
  ];
  for (const [label, shape, expected] of cases) {
    bench(log, label, linearizableHistory(7n, shape), expected, rounds);
    await Promise.resolve();
  }
}
