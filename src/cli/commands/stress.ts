// `mvsim stress`: the engine on N real worker threads over one shared buffer
// for the time asked, clients killed inside commits and restarted as new
// processes, the history checked by the checkers a simulated run uses. The
// workers load stress-registry.ts (the engine adapter, above src/real).
import { planCheckers, runPlan } from "../../check/check-plan.js";
import type { CheckResult } from "../../check/checker.js";
import { toJsonlHistory } from "../../history/jsonl.js";
import { MVSIM_VERSION } from "../mvsim-version.js";
import { writeAtomic } from "../../report/run-folder.js";
import { resultLines } from "../../check/result-text.js";
import type { Visibility } from "../../models/visibility.js";
import { DEFAULT_STRESS, runStress, type StressReport } from "../../real/stress-run.js";
import { STRESS_REGISTRY, stressTarget } from "./stress-registry.js";
import type { HistoryEvent } from "../../history/events.js";
import { parseSeed } from "../../sim/rng.js";
import { combineVerdicts } from "../../history/verdict.js";
import { flag, flagAll, intFlag, parseArgs, UsageError } from "../args.js";
import { EXIT, type Command } from "../command.js";

export { stressTarget } from "./stress-registry.js";

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

/** Completions of the clients' ops, from the history (so killed processes count too). */
function completions(r: StressReport): string {
  const clients = new Set(r.threads.flatMap((t) => t.processes));
  let ok = 0;
  let conflicts = 0;
  let casMisses = 0;
  let failed = 0;
  let info = 0;
  for (const e of r.events) {
    if (!clients.has(e.process) || e.type === "invoke") continue;
    if (e.type === "ok") ok++;
    else if (e.type === "info") info++;
    else if (e.error === "conflict") conflicts++;
    else if (e.f === "cas" && e.error === undefined) casMisses++;
    else failed++;
  }
  return `${ok} ok, ${conflicts} conflicts, ${casMisses} CAS misses, ${failed} failed, ${info} unknown outcome`;
}

function summary(r: StressReport, asked: number, results: readonly CheckResult[]): string[] {
  const ops = r.threads.reduce((n, t) => n + t.ops, 0);
  const inCommit = r.kills.filter((k) => k.inCommit).length;
  const restarted = r.kills.filter((k) => k.restartMs !== undefined);
  const restartMs = restarted.map((k) => k.restartMs!).sort((a, b) => a - b);
  return [
    `ran ${secs(r.runMs)} (asked ${asked} s); every client ended ${secs(r.endMs - r.runMs)} after the stop`,
    `clients: ${ops} ops (${Math.round(ops / Math.max(r.runMs / 1000, 1e-3))} ops/s); ${completions(r)}`,
    ...r.threads.map((t) =>
      `thread ${t.thread}: ${t.ops} ops, ${t.lastQuarterOps} in the last quarter; first op ${secs(t.firstOpMs)}, last op ${secs(t.lastOpMs)}; processes ${t.processes.join(", ")}`),
    ...r.counts.flatMap((c, i) => c?.stoppedBy === "arena-full"
      ? [`thread ${r.outcomes[i]!.worker} (pid ${r.outcomes[i]!.pid}) stopped before the end after ${c.ops} ops: the store's arena is full`]
      : []),
    `kills: ${r.kills.length} of ${r.killsPlanned} planned (${inCommit} inside a commit), restarts: ${restarted.length}` +
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
        ...DEFAULT_STRESS, threads, seconds, seed, keys, killEveryMs, target, module: STRESS_REGISTRY,
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
