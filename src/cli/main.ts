#!/usr/bin/env node
// `mvsim`: dispatches to a subcommand; argument parsing and nothing else.
import { EXIT, type Io } from "../cli/command.js";
import { UsageError } from "./args.js";
import { commands } from "./commands/index.js";
import { lineWriter } from "./line-writer.js";

// `mvsim check ... | head`: a closed pipe drops output, never the exit code.
const stdout = lineWriter(process.stdout);
const io: Io = {
  out: stdout.write,
  err: (line) => process.stderr.write(line + "\n"),
  tty: Boolean(process.stdout.isTTY),
};

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  const rows = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return ["usage: mvsim <command> [options]", "", "commands:", ...rows, "", "`mvsim <command> --help` for each."].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.err(`mvsim: unknown command "${name}" (see mvsim --help)`);
    return EXIT.usage;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(cmd.help);
    return EXIT.ok;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`mvsim ${name}: ${e.message} (see mvsim ${name} --help)`);
      return EXIT.usage;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`mvsim: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  },
);
