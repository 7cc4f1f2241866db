// The registry of subcommands, in the order `mvsim --help` lists them.
// Add one import and one entry per command file.
import type { Command } from "../command.js";
import { bugsCommand } from "./bugs.js";
import { checkCommand } from "./check.js";
import { demoCommand } from "./demo.js";
import { gateCommand } from "./gate.js";
import { huntCommand } from "./hunt.js";
import { mergeCommand } from "./merge.js";
import { replayCommand } from "./replay.js";
import { runCmd } from "./run.js";
import { shrinkCommand } from "./shrink.js";
import { stressCommand } from "./stress.js";

export const commands: readonly Command[] = [
  gateCommand,
  runCmd,
  replayCommand,
  shrinkCommand,
  huntCommand,
  checkCommand,
  bugsCommand,
  mergeCommand,
  stressCommand,
  demoCommand,
];
