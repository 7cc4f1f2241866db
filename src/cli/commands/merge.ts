// `mvsim merge <report.json...> [--out DIR]`: joins shard reports into one
// (every seed kept, totals recomputed, conflicting seeds reported loudly) and
// writes report.json, summary.md, junit.xml and index.html.
// Exit: 0 all passed, 1 a scenario failed or a conflict, 3 unknown, 2 bad input.
import { readFile } from "node:fs/promises";
import { exitCodeOf } from "../../harness/run-summary.js";
import { uniqueRunId } from "../run-command.js";
import { mergeReports, type MergeInput } from "../../report/merge-reports.js";
import { parseReportJson } from "../../report/report-json.js";
import { runFolder, writeRunReports } from "../../report/run-folder.js";
import { flag, parseArgs, UsageError } from "../args.js";
import { EXIT, type Command, type Io } from "../command.js";

const HELP = [
  "usage: mvsim merge <report.json...> [--out DIR]",
  "",
  "Joins the report.json files of several shards (mvsim run/gate --shard i/n)",
  "or reruns into one report, losing nothing: every seed of every scenario is",
  "kept, scenario summaries and totals are recomputed. A seed that appears in",
  "two reports with the same trace hash counts once; with different trace",
  "hashes it is a conflict (the simulation was not deterministic, or the",
  "shards ran different code): it is printed, kept in the report, and the",
  "merged verdict becomes a violation.",
  "",
  "Options:",
  "  --out DIR   folder for the merged reports (default: reports/<new run id>)",
  "",
  "Writes report.json, summary.md, junit.xml and index.html (each written to a",
  "temporary name, then renamed into place).",
  "",
  "Exit status: 0 every scenario met its expectation, 1 a scenario failed or a",
  "conflict was found, 3 unknown (a budget ran out), 2 unreadable or",
  "incompatible reports (the message names the file and field) or bad usage.",
  "",
  "Example: mvsim merge shard-1/report.json shard-2/report.json --out reports/merged",
].join("\n");

const SPEC = { out: { type: "string" } } as const;

async function run(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, SPEC);
  if (args.positionals.length === 0) throw new UsageError("expects at least one report.json");
  const inputs: MergeInput[] = [];
  for (const file of args.positionals) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (e) {
      io.err(`mvsim merge: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      return EXIT.usage;
    }
    const parsed = parseReportJson(text, file);
    if (!parsed.ok) {
      io.err(`mvsim merge: ${parsed.error}`);
      return EXIT.usage;
    }
    inputs.push({ source: file, report: parsed.report });
  }
  const runId = uniqueRunId(new Date(), inputs.map((i) => i.report.runId).join(","));
  const command = ["mvsim", "merge", ...argv].join(" ");
  const merged = mergeReports(inputs, { runId, command });
  if (!merged.ok) {
    io.err(`mvsim ${merged.error}`);
    return EXIT.usage;
  }
  const report = merged.report;
  for (const c of report.conflicts) {
    io.err(`mvsim merge: CONFLICT: ${c.scenario} seed ${c.seed} has trace hashes ${c.traceHashes.join(" vs ")} (verdicts ${c.verdicts.join("/")}) in ${c.sources.join(", ")}: the run is not deterministic or the shards ran different code`);
  }
  let written;
  try {
    written = await writeRunReports(report, runFolder(report, flag(args, "out")));
  } catch (e) {
    io.err(`mvsim merge: cannot write the reports: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT.usage;
  }
  const t = report.totals;
  io.out(`merged ${inputs.length} reports: ${t.scenarios} scenarios (${t.scenariosPassed} passed, ${t.scenariosFailed} failed, ${t.scenariosUnknown} unknown), ${t.seeds} seeds (${t.violations} with violations, ${t.unknown} unknown), ${report.conflicts.length} conflicts`);
  for (const sc of report.scenarios) {
    if (sc.summary.status === "passed") continue;
    const first = sc.seeds.find((s) => s.seed === sc.summary.firstFailingSeed) ?? sc.seeds.find((s) => s.verdict !== "ok");
    io.out(`${sc.summary.status}: ${sc.name}: ${sc.summary.reason}${first ? `\n  ${first.replay}` : ""}`);
  }
  const partial = inputs.filter((i) => i.report.partial);
  for (const i of partial) io.out(`note: ${i.source} is a partial run (stopped by ${i.report.partial!.signal} after ${i.report.partial!.seedsRun} of ${i.report.partial!.seedsPlanned} seeds)`);
  io.out(`verdict: ${report.verdict}; reports in ${written.dir}`);
  return exitCodeOf(report);
}

export const mergeCommand: Command = { name: "merge", summary: "join the report.json files of shards into one report", help: HELP, run };
