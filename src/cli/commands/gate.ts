// `mvsim gate`: the CI correctness gate over every shipped scenario.
import type { Command } from "../command.js";
import { runCommand } from "../run-command.js";
import { resolveScenarioPath, shippedScenarioPaths } from "../scenario-args.js";

export const gateCommand: Command = {
  name: "gate",
  summary: "the CI gate: every shipped scenario with its own seed budget and expectation",
  help: [
    "usage: mvsim gate [scenario...] [--seeds N] [--workers N] [--shard i/n] [--out DIR] [--coverage]",
    "",
    "Runs every scenario in scenarios/ and scenarios/bugs/ (or those named) with",
    "the seed budget in its \"gate\" field, and checks each against its",
    "expectation: \"pass\" scenarios must show no violation in any seed; bug",
    "scenarios must show a violation of the property their switch breaks.",
    "Writes the four reports like mvsim run. This is what npm start runs.",
    "With --coverage the reports also hold the engine's line and branch coverage",
    "(docs/coverage.md); it costs the gate about 16% more CPU, so it is opt-in.",
    "",
    "Options are those of mvsim run (see mvsim run --help).",
    "Exit: 0 every expectation met, 1 not, 2 bad input, 3 a budget ran out.",
  ].join("\n"),
  run(argv, io) {
    return runCommand(
      {
        command: "gate",
        paths: (pos) => (pos.length > 0 ? pos.map(resolveScenarioPath) : shippedScenarioPaths()),
        defaultSeeds: (s) => ({ kind: "derived", master: s.gate.masterSeed, count: s.gate.seeds }),
      },
      argv,
      io,
    );
  },
};
