// `mvsim bugs`: lists every bug switch of the engine (../shared/ENGINE.md),
// one line each: its name, the promise it breaks, where it lives and the defect.
// Contract: prints exactly BUG_NAMES, sorted; exit 0.
import { BUG_NAMES, BUG_TABLE } from "../../engine/bugs.js";
import { parseArgs, UsageError } from "../args.js";
import { EXIT, type Command } from "../command.js";

export const bugsCommand: Command = {
  name: "bugs",
  summary: "list the engine's bug switches and the property each one breaks",
  help: [
    "usage: mvsim bugs",
    "",
    "Lists every switch accepted by --bug NAME, one per line:",
    "  NAME  breaks PROPERTY  [core|durability]  what the defect does",
    "All are off by default; the correct engine is the default.",
  ].join("\n"),
  async run(argv, io) {
    const args = parseArgs(argv, {});
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const width = Math.max(...BUG_NAMES.map((n) => n.length));
    const propWidth = Math.max(...BUG_NAMES.map((n) => BUG_TABLE[n].breaks.length));
    for (const name of BUG_NAMES) {
      const b = BUG_TABLE[name];
      io.out(`${name.padEnd(width)}  breaks ${b.breaks.padEnd(propWidth)}  [${b.area}]  ${b.defect}`);
    }
    return EXIT.ok;
  },
};
