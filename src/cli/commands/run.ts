// `mvsim run`: seeds of the named scenarios, reports, exit code.
import { UsageError } from "../args.js";
import type { Command } from "../command.js";
import { runCommand } from "../run-command.js";
import { resolveScenarioPath } from "../scenario-args.js";

export const runCmd: Command = {
  name: "run",
  summary: "run seeds of scenarios and write reports",
  help: [
    "usage: mvsim run <scenario...> [--seeds N | --seed S...] [--strategy random|pct|round-robin]",
    "                 [--bug NAME...] [--workers N] [--shard i/n | auto[/N]] [--out DIR] [--coverage]",
    "",
    "Runs each scenario (a .json path, or a shipped name such as bank-transfers)",
    "over its seeds and checks every history. Writes report.json, summary.md,",
    "junit.xml and index.html to reports/<run-id>/ (or --out DIR).",
    "",
    "  --seeds N      the first N seeds derived from the scenario's master seed (N <= 1000000)",
    "  --seed S       exactly this seed (decimal or 0x-hex); repeatable",
    "                 (default: the scenario's gate seeds)",
    "  --strategy X   scheduling strategy instead of the scenario's",
    "  --bug NAME     turn on an engine bug switch (see mvsim bugs); repeatable",
    "  --workers N    worker threads (default: the core count); results do not depend on N",
    "  --shard i/n    run only seeds whose index mod n is i-1, for a CI matrix;",
    "                 join the shard reports with mvsim merge",
    "  --shard auto   the shard from CI variables: MVSIM_SHARD_INDEX/MVSIM_SHARD_TOTAL,",
    "                 GitLab CI_NODE_INDEX/CI_NODE_TOTAL, or Kubernetes",
    "                 JOB_COMPLETION_INDEX with --shard auto/N (see docs/ci.md)",
    "  --out DIR      write the reports here (the folder is replaced as a whole)",
    "  --coverage     the engine's line and branch coverage over the run's seeds (V8 block",
    "                 coverage, in worker threads even with --workers 1), in every report;",
    "                 about 16% more CPU for the gate (docs/coverage.md)",
    "",
    "Ctrl-C or SIGTERM: no more seeds are handed out and a partial report of",
    "the seeds that ran is written (exit 130 / 143); a second signal exits at once.",
    "",
    "Exit: 0 every scenario as expected, 1 a violation (or a bug not found),",
    "2 bad input, 3 a budget ran out (unknown). Each failure prints its replay line.",
  ].join("\n"),
  run(argv, io) {
    return runCommand(
      {
        command: "run",
        paths: (pos) => {
          if (pos.length === 0) throw new UsageError("name at least one scenario");
          return pos.map(resolveScenarioPath);
        },
        defaultSeeds: (s) => ({ kind: "derived", master: s.gate.masterSeed, count: s.gate.seeds }),
      },
      argv,
      io,
    );
  },
};
