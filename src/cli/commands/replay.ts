// `mvsim replay`: one seed again, byte for byte; or a shrunk schedule file.
import { readFile } from "node:fs/promises";
import { isBugName } from "../../engine/bugs.js";
import { engineTarget } from "../../harness/engine-target.js";
import { scenarioTargetOptions } from "../../harness/scenario-run-spec.js";
import { toJsonlHistory } from "../../history/jsonl.js";
import { writeAtomic } from "../../report/run-folder.js";
import { MVSIM_VERSION } from "../mvsim-version.js";
import { runSeed } from "../../harness/run-seed.js";
import { configText } from "../../harness/swarm.js";
import { parseScheduleFile, type ScheduleFile } from "../../harness/schedule-file.js";
import { parseSeed } from "../../sim/rng.js";
import { flag, flagAll, has, parseArgs, UsageError } from "../args.js";
import { EXIT, type Command } from "../command.js";
import { loadOneScenario, resolveScenarioPath } from "../scenario-args.js";
import { pctKFlag, PCT_K_HELP } from "../pct-k-flag.js";
import { printViolations } from "../violation-text.js";

export const replayCommand: Command = {
  name: "replay",
  summary: "re-run one seed (or a shrunk schedule) exactly, optionally step by step",
  help: [
    "usage: mvsim replay <scenario> --seed S [--bug NAME...] [--strategy X] [--pct-k K] [--trace] [--history FILE]",
    "       mvsim replay --schedule FILE [--trace] [--history FILE]",
    "",
    "Runs the scenario's seed S again: the same schedule, faults and history,",
    "so the same trace hash (the replay line a report prints gives every flag",
    "that takes, --pct-k included). With --schedule, replays the decision list a",
    "`mvsim shrink` wrote (its scenario, seed, bugs and smaller case come from",
    "the file), failing loudly if the run diverges from it.",
    "",
    PCT_K_HELP,
    "  --trace         print every step: step, thread, process, what it did",
    "  --history FILE  write the run's history as JSONL, with a header naming the",
    "                  engine's visibility rule, scenario and seed (for mvsim check)",
    "Exit: 0 ok, 1 violation, 2 bad input, 3 unknown.",
  ].join("\n"),
  async run(argv, io) {
    const args = parseArgs(argv, { seed: { type: "string" }, bug: { type: "string", multiple: true }, strategy: { type: "string" }, "pct-k": { type: "string" }, schedule: { type: "string" }, trace: { type: "boolean" }, history: { type: "string" } });
    let schedule: ScheduleFile | undefined;
    const scheduleFile = flag(args, "schedule");
    if (scheduleFile !== undefined) {
      let text: string;
      try {
        text = await readFile(scheduleFile, "utf8");
      } catch {
        io.err(`${scheduleFile}: cannot read the schedule file`);
        return EXIT.usage;
      }
      const parsed = parseScheduleFile(text, scheduleFile);
      if (!parsed.ok) {
        io.err(parsed.error);
        return EXIT.usage;
      }
      schedule = parsed.value;
    }
    const scenarioArg = args.positionals[0] ?? schedule?.scenario;
    if (scenarioArg === undefined) throw new UsageError("name a scenario (or give --schedule FILE)");
    if (args.positionals.length > 1) throw new UsageError(`one scenario only, got ${args.positionals.length}`);
    const seedText = flag(args, "seed");
    const seed = seedText !== undefined ? parseSeed(seedText) : schedule?.seed;
    if (seed === undefined) throw new UsageError("--seed S is required");
    if (typeof seed === "string") throw new UsageError(`--seed: ${seed}`);
    const bugs = [...new Set([...(schedule?.bugs ?? []), ...flagAll(args, "bug")])];
    for (const b of bugs) if (!isBugName(b)) throw new UsageError(`--bug: unknown switch "${b}" (see mvsim bugs)`);
    const scenario = await loadOneScenario(resolveScenarioPath(scenarioArg), io);
    if (!scenario) return EXIT.usage;
    const strategy = flag(args, "strategy");
    const pctK = pctKFlag(args) ?? schedule?.pctK;
    const r = runSeed({
      scenario: scenario,
      seed,
      extraBugs: bugs,
      ...(strategy ? { strategy } : {}),
      ...(pctK !== undefined ? { pctMaxSteps: pctK } : {}),
      ...(schedule ? { decisions: schedule.decisions, overrides: schedule.overrides } : {}),
      traceSteps: has(args, "trace"),
    });
    if (typeof r === "string") throw new UsageError(r);
    if (has(args, "trace")) for (const line of r.stepLines) io.out(line);
    if (r.config) io.out(`swarm configuration of seed ${seed}: ${configText(r.config)}`);
    const historyFile = flag(args, "history");
    if (historyFile !== undefined) {
      const target = engineTarget(scenarioTargetOptions(scenario, bugs));
      const meta = { formatVersion: 1, visibility: target.visibility, scenario: scenario.name, seed: String(seed), target: target.name, mvsimVersion: MVSIM_VERSION } as const;
      await writeAtomic(historyFile, toJsonlHistory(r.history, meta));
      io.out(`history written to ${historyFile}`);
    }
    io.out(`${scenario.name} seed ${seed}: ${r.verdict} after ${r.outcome.steps} steps (${r.outcome.end}), ${r.history.length} events, trace ${r.outcome.traceHash}${r.stats.pctMaxSteps !== undefined ? `, pct k ${r.stats.pctMaxSteps}` : ""}`);
    printViolations(io, r.violations);
    for (const reason of r.unknownReasons) io.out(`unknown: ${reason}`);
    return r.verdict === "ok" ? EXIT.ok : r.verdict === "violation" ? EXIT.violation : EXIT.unknown;
  },
};
