// The registry of subcommands, in the order `mvsim --help` lists them.
// Add one import and one entry per command file.
import type { Command } from "../command.js";
import { bugsCommand } from "./bugs.js";
import { checkCommand } from "./check.js";
import { demoCommand } from "./demo.js";
import { mergeCommand } from "./merge.js";
import { stressCommand } from "./stress.js";

export const commands: readonly Command[] = [
  demoCommand,
  checkCommand,
  bugsCommand,
  mergeCommand,
  stressCommand,
];
