// What `mvsim run` and `mvsim gate` share: run the seeds, write the four
// reports into reports/<run-id>/ (or --out), print a summary with the replay
// line of every failure, and turn the report's verdict into the exit code.
// A first Ctrl-C / SIGTERM stops handing out seeds and writes a partial report
// (exit 130 / 143); a second exits at once.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { parseSeed } from "../sim/rng.js";
import { STRATEGY_NAMES } from "../sim/strategies/index.js";
import { isBugName } from "../engine/bugs.js";
import { describeExpectation, type Scenario } from "../harness/scenario.js";
import { buildReport, exitCodeOf, makeRunId } from "../harness/run-summary.js";
import { runScenariosUntil } from "../harness/run-scenarios.js";
import { parseShard, WHOLE, type SeedPlan, type Shard } from "../harness/seeds.js";
import { shardFromEnv } from "../harness/shard-env.js";
import type { RunReport } from "../harness/run-result.js";
import { installStop, SIGNAL_EXIT, type StopRequest } from "./interrupt.js";
import { runFolder, writeRunReports } from "../report/run-folder.js";
import { engineCoverage, engineFileKey } from "../harness/engine-coverage.js";
import { coverageLine } from "../report/coverage-table.js";
import { engineScriptsOnDisk } from "../harness/v8-coverage.js";
import { flag, flagAll, intFlag, parseArgs, UsageError, type FlagSpec } from "./args.js";
import { EXIT, type Io } from "./command.js";
import { loadScenarios, ScenarioError } from "./scenario-args.js";

export const RUN_FLAGS: Readonly<Record<string, FlagSpec>> = {
  seeds: { type: "string" },
  seed: { type: "string", multiple: true },
  strategy: { type: "string" },
  bug: { type: "string", multiple: true },
  workers: { type: "string" },
  shard: { type: "string" },
  out: { type: "string" },
  coverage: { type: "boolean" },
};

export interface RunMode {
  readonly command: "run" | "gate";
  /** Scenario files to run. */
  readonly paths: (positionals: readonly string[]) => string[];
  /** The seed plan when the command line names none. */
  readonly defaultSeeds: (s: Scenario) => SeedPlan;
}

export async function runCommand(mode: RunMode, argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, RUN_FLAGS);
  const bugs = flagAll(args, "bug");
  for (const b of bugs) if (!isBugName(b)) throw new UsageError(`--bug: unknown switch "${b}" (see mvsim bugs)`);
  const strategy = flag(args, "strategy");
  if (strategy !== undefined && !(STRATEGY_NAMES as readonly string[]).includes(strategy)) {
    throw new UsageError(`--strategy: expected one of ${STRATEGY_NAMES.join(", ")}, got "${strategy}"`);
  }
  const explicit = flagAll(args, "seed").map((t) => {
    const v = parseSeed(t);
    if (typeof v === "string") throw new UsageError(`--seed: ${v}`);
    return v;
  });
  if (explicit.length > 0 && flag(args, "seeds") !== undefined) throw new UsageError("give --seeds N or --seed S, not both");
  const seedsText = flag(args, "seeds");
  if (seedsText !== undefined && !(/^\d+$/.test(seedsText) && Number(seedsText) >= 1 && Number(seedsText) <= SEEDS_MAX)) {
    throw new UsageError(`--seeds: expected an integer in [1, ${SEEDS_MAX}] (the seed list of a run is planned in memory; split a larger sweep with --shard or other master seeds), got "${seedsText}"`);
  }
  const count = seedsText === undefined ? undefined : intFlag(args, "seeds", 1, 1);
  const shard = readShard(flag(args, "shard"));
  const workers = intFlag(args, "workers", availableParallelism(), 1);

  let scenarios: Scenario[];
  try {
    scenarios = await loadScenarios(mode.paths(args.positionals));
  } catch (e) {
    if (e instanceof ScenarioError) {
      io.err(e.message);
      return EXIT.usage;
    }
    throw e;
  }
  if (scenarios.length === 0) throw new UsageError("no scenarios to run");
  for (const s of scenarios) {
    if (bugs.length > 0 && s.target !== "mvsim") throw new UsageError(`--bug: ${s.file} runs its own target (${s.target}); bug switches belong to the built-in engine`);
    if ((strategy ?? s.strategy.name) === "dfs") {
      throw new UsageError(`${s.file}: strategy dfs explores the schedules of one workload and cannot run seed by seed; use mvsim hunt --strategy dfs`);
    }
  }

  const seeds = (s: Scenario): SeedPlan =>
    explicit.length > 0
      ? { kind: "explicit", seeds: explicit }
      : count !== undefined
        ? { kind: "derived", master: s.gate.masterSeed, count }
        : mode.defaultSeeds(s);
  // Handlers stay until the reports are written: a second signal while writing still exits at once.
  const stop = installStop((line) => io.err(line));
  try {
    return await runAndReport(mode, argv, io, stop, { scenarios, seeds, shard, workers, bugs, strategy, out: flag(args, "out"), coverage: flag(args, "coverage") !== undefined });
  } finally {
    stop.dispose();
  }
}

interface RunPlan {
  readonly scenarios: Scenario[];
  readonly seeds: (s: Scenario) => SeedPlan;
  readonly shard: Shard;
  readonly workers: number;
  readonly bugs: string[];
  readonly strategy: string | undefined;
  readonly out: string | undefined;
  readonly coverage: boolean;
}

async function runAndReport(mode: RunMode, argv: readonly string[], io: Io, stop: StopRequest, plan: RunPlan): Promise<number> {
  const { scenarios, seeds, shard, workers, bugs, strategy } = plan;
  const startedAt = new Date();
  const t0 = performance.now();
  const run = await runScenariosUntil({
    scenarios,
    seeds,
    shard,
    workers,
    extraBugs: bugs,
    ...(strategy ? { strategy } : {}),
    progress: { write: (t) => process.stderr.write(t), tty: Boolean(process.stderr.isTTY) },
    stop: stop.requested,
    // Workers run with the node flags this process was started with (loaders, heap size).
    execArgv: process.execArgv,
    coverage: plan.coverage,
  });
  const command = ["mvsim", mode.command, ...argv].join(" ");
  const built = buildReport(
    {
      runId: uniqueRunId(startedAt, command),
      startedAt: startedAt.toISOString(),
      command,
      ...(shard.count > 1 ? { shard: `${shard.index}/${shard.count}` } : {}),
      durationWallMs: Math.round(performance.now() - t0),
    },
    run.reports,
  );
  const signal = stop.signal;
  // A partial run never says ok: what did not run was not checked.
  const withCoverage = run.coverage ? { ...built, coverage: engineCoverage(run.coverage, { fileKey: engineFileKey, readText: readTextIfAny, idleScripts: engineScriptsOnDisk() }) } : built;
  const report: RunReport = signal
    ? { ...withCoverage, partial: { signal, seedsPlanned: run.seedsPlanned, seedsRun: run.seedsRun }, verdict: built.verdict === "violation" ? "violation" : "unknown" }
    : withCoverage;
  let written;
  try {
    written = await writeRunReports(report, runFolder(report, plan.out));
  } catch (e) {
    io.err(`mvsim ${mode.command}: cannot write the reports: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT.usage;
  }

  for (const s of report.scenarios) {
    const sum = s.summary;
    io.out(`${sum.status.padEnd(7)} ${s.name}  (expect ${describeExpectation(s.expect)}; ${sum.seedsRun} seeds: ${sum.ok} ok, ${sum.violations} violation, ${sum.unknown} unknown)`);
    if (sum.status !== "passed") io.out(`        ${sum.reason}`);
    const failing = s.seeds.find((x) => x.verdict === "violation");
    if (failing && (sum.status !== "passed" || s.expect.kind === "find")) {
      const v = failing.violations[0]!;
      io.out(`        seed ${failing.seed}: ${v.property} / ${v.kind}: ${v.explanation.split("\n")[0]!.slice(0, 300)}`);
      io.out(`        reproduce: ${failing.replay}`);
    }
  }
  const t = report.totals;
  io.out(`${t.scenariosPassed}/${t.scenarios} scenarios as expected; ${t.seeds} seeds (${t.ok} ok, ${t.violations} violation, ${t.unknown} unknown) in ${((report.durationWallMs ?? 0) / 1000).toFixed(1)}s`);
  if (report.coverage) io.out(coverageLine(report.coverage));
  io.out(`reports: ${written.dir}/{report.json,summary.md,junit.xml,index.html}`);
  if (signal) {
    io.out(`PARTIAL: stopped by ${signal} after ${run.seedsRun} of ${run.seedsPlanned} seeds`);
    return SIGNAL_EXIT[signal];
  }
  return exitCodeOf(report);
}

/** Seeds per run at most: the list is planned in memory before the run. */
export const SEEDS_MAX = 1_000_000;

/** `i/n`, or `auto` / `auto/N` from the CI's variables (shard-env.ts). */
export function readShard(text: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env): Shard {
  if (text === undefined) return WHOLE;
  const shard = text.trim().startsWith("auto") ? shardFromEnv(text, env) : parseShard(text);
  if (typeof shard === "string") throw new UsageError(`--shard: ${shard}`);
  return shard;
}

/** Unique even for two identical commands started in the same second: the pid and random bits join the hash. */
export function uniqueRunId(startedAt: Date, command: string): string {
  return `${makeRunId(startedAt, command)}-${process.pid.toString(36)}${randomBytes(3).toString("hex")}`;
}

function readTextIfAny(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
