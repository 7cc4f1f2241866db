// `mvsim stress`: the engine on N real worker threads over one shared buffer,
// one client killed inside a commit, the survivors recovering, the history
// checked (snapshot isolation on transactions, linearizability on single-key
// operations). This module is also the workers' registry: they load it and run
// its `bodies.stressClient` (the engine adapter lives here, above src/real).
import { planCheckers, runPlan } from "../../check/check-plan.js";
import { runChecker, type CheckResult } from "../../check/checker.js";
import { toJsonlHistory } from "../../history/jsonl.js";
import { MVSIM_VERSION } from "../mvsim-version.js";
import { writeAtomic } from "../../report/run-folder.js";
import { LinearizabilityChecker } from "../../check/linearizability.js";
import { resultLines } from "../../check/result-text.js";
import type { Visibility } from "../../models/visibility.js";
import { BUG_NAMES, isBugName, type BugName } from "../../engine/bugs.js";
import { openEngine, type Engine } from "../../engine/engine.js";
import { CapacityError, ConflictError, TxnStateError } from "../../engine/errors.js";
import { ArenaFullError, type Gen, type Ports } from "../../engine/ports.js";
import type { Txn } from "../../engine/transaction.js";
import { cowKv, cowKvLostWrite } from "../../real/cow-kv.js";
import { stressBodies } from "../../real/stress-client-body.js";
import { DEFAULT_STRESS, runStress, type StressReport } from "../../real/stress-run.js";
import type { ErrorClass, StressTarget, StressTxn, TargetKind } from "../../real/stress-target.js";
import type { WorkerBody } from "../../real/worker-context.js";
import { SYSTEM_PROCESS, type HistoryEvent } from "../../history/events.js";
import { parseSeed } from "../../sim/rng.js";
import { combineVerdicts } from "../../history/verdict.js";
import { flag, flagAll, intFlag, parseArgs, UsageError } from "../args.js";
import { EXIT, type Command } from "../command.js";

/** The engine as a stress target; `bugs` switch on its planted defects. */
export function engineTarget(bugs: readonly BugName[]): TargetKind {
  return {
    name: bugs.length === 0 ? "engine" : `engine:${bugs.join(",")}`,
    // A snapshot sees commits at or before its ts (version-chain.ts readAt).
    visibility: "inclusive",
    *open(ports: Ports): Gen<StressTarget> {
      // Sized for up to ~60 threads; only the first opener's config counts.
      const engine = yield* openEngine(ports, {
        bugs: new Set(bugs), readerSlots: 64, txnSlots: 64, hazardRecords: 64, keysMax: 4096, valueSegments: 256,
      });
      return new EngineStore(engine, ports);
    },
    classify(e: unknown): ErrorClass {
      if (e instanceof ConflictError) return "conflict";
      if (e instanceof TxnStateError && e.state.startsWith("doomed")) return "conflict";
      if (e instanceof CapacityError || e instanceof ArenaFullError) return "arena-full";
      return "error";
    },
  };
}

const key = (k: number): string => `k${k}`;
const fromText = (v: string | null): number | null => (v === null ? null : Number(v));

class EngineStore implements StressTarget {
  constructor(
    private readonly engine: Engine,
    private readonly ports: Ports,
  ) {}
  *begin(): Gen<StressTxn> {
    return new EngineTxn(yield* this.engine.begin(this.ports), this.ports);
  }
  *get(k: number): Gen<number | null> {
    return fromText(yield* this.engine.get(this.ports, key(k)));
  }
  *put(k: number, v: number | null): Gen<void> {
    if (v === null) yield* this.engine.delete(this.ports, key(k));
    else yield* this.engine.put(this.ports, key(k), String(v));
  }
  *cas(k: number, expected: number | null, next: number | null): Gen<boolean> {
    if (next === null) throw new RangeError("stress: the engine's cas cannot delete");
    return yield* this.engine.cas(this.ports, key(k), expected === null ? null : String(expected), String(next));
  }
  *maintain(): Gen<void> {
    yield* this.engine.recover(this.ports);
    yield* this.engine.gc(this.ports);
  }
}

class EngineTxn implements StressTxn {
  constructor(
    private readonly txn: Txn,
    private readonly ports: Ports,
  ) {}
  *get(k: number): Gen<number | null> {
    return fromText(yield* this.txn.get(this.ports, key(k)));
  }
  *put(k: number, v: number | null): Gen<void> {
    if (v === null) yield* this.txn.delete(this.ports, key(k));
    else yield* this.txn.put(this.ports, key(k), String(v));
  }
  *commit(): Gen<void> {
    yield* this.txn.commit(this.ports);
  }
  *abort(): Gen<void> {
    if (this.txn.state === "active" || this.txn.state === "doomed") yield* this.txn.abort(this.ports);
  }
  stamps(): { id: number; start: number; commit?: number } {
    return this.txn.stamps();
  }
}

/** Target names: "engine", "engine:bug,bug", "cow-kv", "cow-kv-lost-write". */
export function stressTarget(name: string): TargetKind {
  if (name === "cow-kv") return cowKv;
  if (name === "cow-kv-lost-write") return cowKvLostWrite;
  const [base, list] = name.split(":", 2);
  if (base !== "engine") throw new UsageError(`--target expects engine, cow-kv or cow-kv-lost-write, got "${name}"`);
  const bugs = (list ?? "").split(",").filter((b) => b !== "");
  for (const b of bugs) if (!isBugName(b)) throw new UsageError(`--bug: unknown bug "${b}" (known: ${BUG_NAMES.join(", ")})`);
  return engineTarget(bugs as BugName[]);
}

/** The registry the stress workers load (see src/real/stress-client-body.ts). */
export const bodies: Record<string, WorkerBody> = stressBodies(stressTarget);

/** Snapshot isolation (graph + white-box) over txns; linearizability over single-key ops. */
export function checkStressHistory(events: readonly HistoryEvent[], visibility: Visibility): CheckResult[] {
  const txnEvents = events.filter((e) => e.process === SYSTEM_PROCESS || e.f === "txn");
  const singleEvents = events.filter((e) => e.process !== SYSTEM_PROCESS && e.f !== "txn");
  return [
    ...runPlan(planCheckers(txnEvents, { model: "snapshot-isolation", visibility }), txnEvents),
    runChecker(new LinearizabilityChecker(), singleEvents),
  ];
}

function summary(r: StressReport, results: readonly CheckResult[]): string[] {
  const sum = (f: (c: NonNullable<StressReport["counts"][number]>) => number): number =>
    r.counts.reduce((n, c) => n + (c ? f(c) : 0), 0);
  // Ops counted from the history, so the killed client's ops count too (the final reader's do not).
  const clients = r.outcomes.length;
  const invokes = r.events.filter((e) => e.type === "invoke" && e.process >= 0 && e.process < clients).length;
  const secs = r.elapsedMs / 1000;
  return [
    `clients: ${invokes} ops in ${secs.toFixed(1)} s (${Math.round(invokes / Math.max(secs, 1e-3))} ops/s); survivors: ${sum((c) => c.ok)} ok, ${sum((c) => c.conflicts)} conflicts, ${sum((c) => c.failed)} failed`,
    `clients ended: ${r.outcomes.map((o, i) => `${o.worker}=${o.status}${r.counts[i] ? ` (${r.counts[i]!.stoppedBy})` : ""}`).join(" ")}`,
    `history: ${r.events.length} events`,
    ...resultLines(results),
    ...r.problems.map((p) => `problem: ${p}`),
  ];
}

export const stressCommand: Command = {
  name: "stress",
  summary: "the engine on real worker threads, one killed mid-commit, history checked",
  help: [
    "usage: mvsim stress [--threads N] [--seconds S] [--seed S] [--target T] [--bug NAME]... [--keys K] [--history FILE]",
    "",
    "Runs N clients on real worker threads over one SharedArrayBuffer for S seconds,",
    "with seeded random transactions (keys 0..K-1) and single-key reads, writes and",
    "CAS (keys K..2K-1). One client is killed inside a commit (a tripwire parks it",
    "there, the coordinator terminates it and marks its process dead); the others",
    "carry on and clean up after it. Then a fresh process reads every key, and the",
    "history is checked: snapshot isolation on transactions, linearizability on",
    "single-key operations. The seed fixes each client's operations, not the",
    "interleaving: real threads are not reproducible. Exit 0 ok, 1 violation, 3 unknown.",
    "",
    "  --threads N     worker threads, 1 to 32 (default 4)",
    "  --seconds S     run time (default 5); a client also stops when its log is full",
    "  --seed S        decimal or 0x-hex (default 1)",
    "  --target T      engine (default), cow-kv (a lock-free toy store), cow-kv-lost-write",
    "  --bug NAME      switch on an engine defect (repeatable)",
    "  --keys K        keys per kind (default 8)",
    "  --history FILE  write the merged history as JSONL, with a header naming its",
    "                  visibility rule, seed and target (for mvsim check)",
  ].join("\n"),
  async run(argv, io) {
    const args = parseArgs(argv, {
      threads: { type: "string" }, seconds: { type: "string" }, seed: { type: "string" }, target: { type: "string" },
      bug: { type: "string", multiple: true }, keys: { type: "string" }, history: { type: "string" },
    });
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const threads = intFlag(args, "threads", 4, 1);
    // The engine is opened with 64 reader slots, txn records and hazard records.
    if (threads > 32) throw new UsageError(`--threads expects at most 32, got ${threads}`);
    const seconds = intFlag(args, "seconds", 5, 1);
    const keys = intFlag(args, "keys", DEFAULT_STRESS.keys, 1);
    const seed = parseSeed(flag(args, "seed") ?? "1");
    if (typeof seed === "string") throw new UsageError(`--seed: ${seed}`);
    const bugs = flagAll(args, "bug");
    const base = flag(args, "target") ?? "engine";
    if (bugs.length > 0 && base !== "engine") throw new UsageError("--bug applies to --target engine only");
    const target = stressTarget(bugs.length > 0 ? `engine:${bugs.join(",")}` : base);
    io.out(`stress: ${threads} threads x ${seconds} s, seed ${seed}, target ${target.name}`);
    const report = await runStress({
      ...DEFAULT_STRESS, threads, seconds, seed, keys, target, module: new URL(import.meta.url),
      progress: (line) => io.out(line),
    });
    const results = checkStressHistory(report.events, target.visibility);
    for (const line of summary(report, results)) io.out(line);
    const path = flag(args, "history");
    if (path) {
      // The header carries the target's visibility rule, so `mvsim check` reads it right without flags.
      await writeAtomic(path, toJsonlHistory(report.events, { formatVersion: 1, visibility: target.visibility, seed: String(seed), target: target.name, mvsimVersion: MVSIM_VERSION }));
      io.out(`history written to ${path}`);
    }
    const verdict = combineVerdicts([...results.map((r) => r.verdict), ...(report.problems.length > 0 ? ["violation" as const] : [])]);
    io.out(`verdict: ${verdict}`);
    return verdict === "ok" ? EXIT.ok : verdict === "violation" ? EXIT.violation : EXIT.unknown;
  },
};
