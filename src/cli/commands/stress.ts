// `mvsim stress`: the engine on N real worker threads over one shared buffer
// for the time asked, clients killed inside commits and restarted as new
// processes, the history checked by the checkers a simulated run uses. This
// module is also the workers' registry: they load it and run its
// `bodies.stressClient` (the engine adapter lives here, above src/real).
import { planCheckers, runPlan } from "../../check/check-plan.js";
import type { CheckResult } from "../../check/checker.js";
import { toJsonlHistory } from "../../history/jsonl.js";
import { MVSIM_VERSION } from "../mvsim-version.js";
import { writeAtomic } from "../../report/run-folder.js";
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
import type { HistoryEvent } from "../../history/events.js";
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

/**
 * The checks of a simulated run (src/harness/history-checks.ts) over the whole
 * history: the dependency graph and white-box snapshot isolation on txns,
 * linearizability per key on single-key ops (and on the keys txns write).
 * `mvsim check` on the history written by --history runs the same plan.
 */
export function checkStressHistory(events: readonly HistoryEvent[], visibility: Visibility): CheckResult[] {
  return runPlan(planCheckers(events, { model: "snapshot-isolation", visibility, whenNothingObserved: "skip" }), events);
}

const secs = (ms: number | undefined): string => (ms === undefined ? "-" : `${(ms / 1000).toFixed(2)} s`);

function summary(r: StressReport, asked: number, results: readonly CheckResult[]): string[] {
  const sum = (f: (c: NonNullable<StressReport["counts"][number]>) => number): number =>
    r.counts.reduce((n, c) => n + (c ? f(c) : 0), 0);
  const ops = r.threads.reduce((n, t) => n + t.ops, 0);
  const inCommit = r.kills.filter((k) => k.inCommit).length;
  const restarted = r.kills.filter((k) => k.restartMs !== undefined);
  const restartMs = restarted.map((k) => k.restartMs!).sort((a, b) => a - b);
  return [
    `ran ${secs(r.runMs)} (asked ${asked} s); every client ended ${secs(r.endMs - r.runMs)} after the stop`,
    `clients: ${ops} ops (${Math.round(ops / Math.max(r.runMs / 1000, 1e-3))} ops/s); ${sum((c) => c.ok)} ok, ${sum((c) => c.conflicts)} conflicts, ${sum((c) => c.failed)} failed (ended processes only)`,
    ...r.threads.map((t) =>
      `thread ${t.thread}: ${t.ops} ops, ${t.lastQuarterOps} in the last quarter; first op ${secs(t.firstOpMs)}, last op ${secs(t.lastOpMs)}; processes ${t.processes.join(", ")}`),
    `kills: ${r.kills.length} (${inCommit} inside a commit), restarts: ${restarted.length}` +
      (restartMs.length > 0 ? ` (start-up median ${restartMs[restartMs.length >> 1]} ms, max ${restartMs[restartMs.length - 1]} ms)` : ""),
    `log: ${r.log.words} words drained in ${r.log.drains} rounds (ring of ${r.log.capacityWords} words per thread; writers waited for a drain ${r.log.writerWaits} times)`,
    `history: ${r.events.length} events`,
    ...resultLines(results),
    ...r.problems.map((p) => `problem: ${p}`),
  ];
}

/** The command; tests running TS sources give the workers a loader through `workers.execArgv`. */
export function stressCommandFor(workers: { readonly execArgv?: readonly string[] } = {}): Command {
  return {
    name: "stress",
    summary: "the engine on real worker threads for the time asked, clients killed mid-commit and restarted, history checked",
    help: [
      "usage: mvsim stress [--threads N] [--seconds S] [--seed S] [--target T] [--bug NAME]... [--keys K]",
      "                    [--kill-every-ms MS] [--history FILE]",
      "",
      "Runs N clients on real worker threads over one SharedArrayBuffer for S seconds,",
      "with seeded random transactions (keys 0..K-1) and single-key reads, writes and",
      "CAS (keys K..2K-1). Every thread runs ops for the whole run. About every MS ms",
      "during the first three quarters of the run, a client is killed inside a commit",
      "(a tripwire parks it there, the coordinator terminates it and marks its process",
      "dead) and its thread restarted as a new process, whose open runs the engine's",
      "recovery for the dead one; the others carry on. The event logs are drained by",
      "the main thread while the run goes on, so no op is dropped and a full log never",
      "ends the run. Then a fresh process reads every key, and the history goes through",
      "the checkers of a simulated run: the dependency graph and white-box snapshot",
      "isolation on transactions, linearizability per key on single-key operations.",
      "Printed: run time, per thread its ops (and those in the last quarter), first",
      "and last op times and processes, kills and restarts, log drains, the checkers.",
      "The seed fixes each client's operations and the kill plan, not the interleaving:",
      "real threads are not reproducible. Exit 0 ok, 1 violation (or a problem: a hung",
      "or failed thread, a lost event), 3 unknown.",
      "",
      "  --threads N        worker threads, 1 to 32 (default 4)",
      "  --seconds S        run time (default 5)",
      "  --seed S           decimal or 0x-hex (default 1)",
      "  --target T         engine (default), cow-kv (a lock-free toy store), cow-kv-lost-write",
      "  --bug NAME         switch on an engine defect (repeatable)",
      "  --keys K           keys per kind (default 8)",
      `  --kill-every-ms MS mean time between kills, each followed by a restart (default ${DEFAULT_STRESS.killEveryMs}; 0: none)`,
      "  --history FILE     write the merged history as JSONL, with a header naming its",
      "                     visibility rule, seed and target (for mvsim check)",
    ].join("\n"),
    async run(argv, io) {
      const args = parseArgs(argv, {
        threads: { type: "string" }, seconds: { type: "string" }, seed: { type: "string" }, target: { type: "string" },
        bug: { type: "string", multiple: true }, keys: { type: "string" }, history: { type: "string" }, "kill-every-ms": { type: "string" },
      });
      if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
      const threads = intFlag(args, "threads", 4, 1);
      // The engine is opened with 64 reader slots, txn records and hazard records.
      if (threads > 32) throw new UsageError(`--threads expects at most 32, got ${threads}`);
      const seconds = intFlag(args, "seconds", 5, 1);
      const keys = intFlag(args, "keys", DEFAULT_STRESS.keys, 1);
      const killEveryMs = intFlag(args, "kill-every-ms", DEFAULT_STRESS.killEveryMs, 0);
      const seed = parseSeed(flag(args, "seed") ?? "1");
      if (typeof seed === "string") throw new UsageError(`--seed: ${seed}`);
      const bugs = flagAll(args, "bug");
      const base = flag(args, "target") ?? "engine";
      if (bugs.length > 0 && base !== "engine") throw new UsageError("--bug applies to --target engine only");
      const target = stressTarget(bugs.length > 0 ? `engine:${bugs.join(",")}` : base);
      io.out(`stress: ${threads} threads x ${seconds} s, seed ${seed}, target ${target.name}, a kill about every ${killEveryMs} ms`);
      const report = await runStress({
        ...DEFAULT_STRESS, threads, seconds, seed, keys, killEveryMs, target, module: new URL(import.meta.url),
        ...(workers.execArgv ? { execArgv: workers.execArgv } : {}),
        progress: (line) => io.out(line),
      });
      const results = checkStressHistory(report.events, target.visibility);
      for (const line of summary(report, seconds, results)) io.out(line);
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
}

export const stressCommand: Command = stressCommandFor();
