// `mvsim hunt`: seeds until a bug switch shows, then how it was found.
import { existsSync } from "node:fs";
import { BUG_TABLE, isBugName, type BugName } from "../../engine/bugs.js";
import { huntBug, huntBugDfs } from "../../harness/hunt.js";
import type { Scenario } from "../../harness/scenario.js";
import { scheduleFileText } from "../../harness/schedule-file.js";
import { REPORTS_ROOT, writeAtomic } from "../../report/run-folder.js";
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { uniqueRunId } from "../run-command.js";
import { Progress } from "../../harness/progress.js";
import { replayLine } from "../../harness/run-result.js";
import { flag, intFlag, parseArgs, UsageError } from "../args.js";
import { EXIT, type Command, type Io } from "../command.js";
import { loadOneScenario, resolveScenarioPath } from "../scenario-args.js";

export const huntCommand: Command = {
  name: "hunt",
  summary: "run seeds until a bug switch shows a violation; print how it was found",
  help: [
    "usage: mvsim hunt --bug NAME [--strategy random|pct|dfs] [--seeds N] [--scenario FILE] [--out FILE]",
    "",
    "Runs the seeds of the bug's scenario (scenarios/bugs/NAME.json unless",
    "--scenario names another) with the switch on, until the first violation.",
    "Prints the property that broke, the seed, how many seeds and steps it",
    "took, whether that is the promise the switch breaks, and the replay and",
    "shrink lines.",
    "",
    "  --seeds N   give up after N seeds (default 2000)",
    "",
    "With --strategy dfs a seed is a workload whose schedules are run in DFS",
    "order, and N counts runs (schedules); the failing schedule is written to",
    "reports/hunt-<run-id>/NAME-dfs.schedule.json (or --out FILE) for",
    "`mvsim replay --schedule`; the path is printed.",
    "Exit: 1 the bug was found (a violation), 0 not found within N seeds, 2 bad input.",
  ].join("\n"),
  async run(argv, io) {
    const args = parseArgs(argv, { bug: { type: "string" }, strategy: { type: "string" }, seeds: { type: "string" }, scenario: { type: "string" }, out: { type: "string" } });
    const bug = flag(args, "bug");
    if (bug === undefined) throw new UsageError("--bug NAME is required (see mvsim bugs)");
    if (!isBugName(bug)) throw new UsageError(`--bug: unknown switch "${bug}" (see mvsim bugs)`);
    const max = intFlag(args, "seeds", 2000, 1);
    const strategy = flag(args, "strategy");
    const path = flag(args, "scenario") ?? resolveScenarioPath(bug);
    if (!existsSync(path)) throw new UsageError(`no scenario file ${path}`);
    const scenario = await loadOneScenario(path, io);
    if (!scenario) return EXIT.usage;
    const s = scenario;
    const progress = new Progress({ write: (t) => process.stderr.write(t), tty: Boolean(process.stderr.isTTY) }, { total: max, label: `hunt ${bug}` });
    if (strategy === "dfs") return huntDfs(s, path, bug, max, progress, io, flag(args, "out") ?? join(REPORTS_ROOT, `hunt-${uniqueRunId(new Date(), argv.join(" "))}`, `${bug}-dfs.schedule.json`));
    const r = huntBug({ scenario: s, bug, maxSeeds: max, ...(strategy ? { strategy } : {}), onSeed: (res) => progress.seedDone(res.verdict) });
    if (typeof r === "string") throw new UsageError(r);
    progress.finish();
    const f = r.found;
    if (f) {
      const v = f.violation;
      const breaks = BUG_TABLE[bug].breaks;
      io.out(`found ${bug}: ${v.property} / ${v.kind}${v.property === breaks ? ` (the promise ${bug} breaks)` : ` (note: ${bug} breaks ${breaks}; ${f.violations.some((x) => x.property === breaks) ? "that shows later in the same run" : "not shown in this run"})`}`);
      io.out(`  ${v.explanation.split("\n")[0]}`);
      io.out(`seed ${f.seed} after ${f.seedsRun} seeds and ${r.steps} steps in all (${f.stepsInRun} in the failing run)`);
      const extraBugs = s.bugs.includes(bug) ? [] : [bug];
      const k = f.pctK !== undefined ? { pctK: f.pctK } : {};
      io.out(`reproduce: ${replayLine({ scenario: path, seed: f.seed, extraBugs, ...(strategy ? { strategy } : {}), ...k })}`);
      if (!strategy) io.out(`shrink: mvsim shrink ${path} --seed ${f.seed}${extraBugs.map((b) => ` --bug ${b}`).join("")}${f.pctK !== undefined ? ` --pct-k ${f.pctK}` : ""}`);
      return EXIT.violation;
    }
    io.out(`${bug}: no violation in ${max} seeds (${r.steps} steps)`);
    return EXIT.ok;
  },
};

async function huntDfs(s: Scenario, path: string, bug: BugName, maxRuns: number, progress: Progress, io: Io, out: string): Promise<number> {
  const r = huntBugDfs({ scenario: s, bug, maxRuns, onRun: (res) => progress.seedDone(res.verdict) });
  if (typeof r === "string") throw new UsageError(r);
  progress.finish();
  const f = r.found;
  const explored = `${r.seedsExplored} workload(s), ${r.seedsExhausted} explored to the end`;
  if (!f || !r.decisions) {
    io.out(`${bug}: no violation in ${maxRuns} dfs runs over ${explored} (${r.steps} steps)`);
    return EXIT.ok;
  }
  const v = f.violation;
  const extraBugs = s.bugs.includes(bug) ? [] : [bug];
  await mkdir(dirname(out), { recursive: true });
  await writeAtomic(out, scheduleFileText({ scenario: path, seed: f.seed, bugs: extraBugs, overrides: {}, decisions: r.decisions, expect: { property: v.property, kind: v.kind } }));
  io.out(`found ${bug}: ${v.property} / ${v.kind}`);
  io.out(`  ${v.explanation.split("\n")[0]}`);
  io.out(`seed ${f.seed} (its workload) at dfs run ${f.seedsRun}, over ${explored}; ${r.steps} steps in all (${f.stepsInRun} in the failing run)`);
  io.out(`wrote ${out}`);
  io.out(`reproduce: mvsim replay --schedule ${out}`);
  return EXIT.violation;
}
