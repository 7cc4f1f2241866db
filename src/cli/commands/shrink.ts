// `mvsim shrink`: a failing seed made small, written as a schedule file.
import { isBugName } from "../../engine/bugs.js";
import { scheduleFileText } from "../../harness/schedule-file.js";
import type { ShrinkSize } from "../../harness/shrink.js";
import { shrinkScenarioSeed } from "../../harness/shrink-seed.js";
import { REPORTS_ROOT, writeAtomic } from "../../report/run-folder.js";
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { uniqueRunId } from "../run-command.js";
import { parseSeed } from "../../sim/rng.js";
import { flag, flagAll, intFlag, parseArgs, UsageError } from "../args.js";
import { EXIT, type Command } from "../command.js";
import { pctKFlag, PCT_K_HELP } from "../pct-k-flag.js";
import { loadOneScenario, resolveScenarioPath } from "../scenario-args.js";

const sizeText = (s: ShrinkSize): string => `${s.threads} threads, ${s.ops} ops, ${s.steps} steps, ${s.switches} context switches`;

export const shrinkCommand: Command = {
  name: "shrink",
  summary: "minimise a failing seed into a small schedule file that replays it",
  help: [
    "usage: mvsim shrink <scenario> --seed S [--bug NAME...] [--pct-k K] [--out FILE] [--runs N]",
    "",
    "Runs the seed, takes its first violation, then makes the case smaller",
    "(fewer processes, threads, operations, keys and faults, trying a few seeds",
    "for each smaller case) and the schedule shorter (delta debugging over",
    "context switches), keeping the same kind of violation. Writes a schedule",
    "file (default reports/shrink-<run-id>/<scenario>-<seed>.schedule.json;",
    "--out FILE to choose) and checks that",
    "`mvsim replay --schedule FILE` reproduces the violation. Prints the sizes",
    "before and after.",
    "",
    "  --runs N   simulations at most (default 400)",
    PCT_K_HELP,
    "Exit: 0 shrunk (or nothing to shrink), 2 bad input.",
  ].join("\n"),
  async run(argv, io) {
    const args = parseArgs(argv, { seed: { type: "string" }, bug: { type: "string", multiple: true }, out: { type: "string" }, runs: { type: "string" }, "pct-k": { type: "string" } });
    if (args.positionals.length !== 1) throw new UsageError("name exactly one scenario");
    const seed = parseSeed(flag(args, "seed") ?? "");
    if (typeof seed === "string") throw new UsageError(`--seed: ${seed}`);
    const bugs = flagAll(args, "bug");
    for (const b of bugs) if (!isBugName(b)) throw new UsageError(`--bug: unknown switch "${b}" (see mvsim bugs)`);
    const runsMax = intFlag(args, "runs", 400, 1);
    const path = resolveScenarioPath(args.positionals[0]!);
    const scenario = await loadOneScenario(path, io);
    if (!scenario) return EXIT.usage;
    const s = scenario;
    const shrunk = shrinkScenarioSeed(s, seed, bugs, runsMax, pctKFlag(args));
    if (typeof shrunk === "string") throw new UsageError(shrunk);
    if (!shrunk) {
      io.out(`${s.name} seed ${seed}: no violation: nothing to shrink`);
      return EXIT.ok;
    }
    const { result, overrides, reproduced } = shrunk;
    io.out(`shrinking ${s.name} seed ${seed}: ${shrunk.target.property} / ${shrunk.target.kind}`);
    const out = flag(args, "out") ?? join(REPORTS_ROOT, `shrink-${uniqueRunId(new Date(), argv.join(" "))}`, `${s.name}-${seed}.schedule.json`);
    await mkdir(dirname(out), { recursive: true });
    await writeAtomic(out, scheduleFileText({ scenario: path, seed: result.seed, bugs: [...bugs], overrides, decisions: result.decisions, ...(shrunk.pctK !== undefined ? { pctK: shrunk.pctK } : {}), expect: { property: result.violation.property, kind: result.violation.kind } }));
    io.out(`before: ${sizeText(result.before)}`);
    io.out(`after:  ${sizeText(result.after)}  (${result.runs} runs; seed ${result.seed}${Object.keys(overrides).length ? `; ${JSON.stringify(overrides)}` : ""})`);
    io.out(`violation: ${result.violation.property} / ${result.violation.kind}: ${result.violation.explanation.split("\n")[0]}`);
    io.out(`wrote ${out}; replays to the same violation: ${reproduced ? "yes" : "NO"}`);
    io.out(`reproduce: mvsim replay --schedule ${out} --trace`);
    return reproduced ? EXIT.ok : EXIT.violation;
  },
};
