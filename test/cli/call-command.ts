// Runs one mvsim command in-process as the CLI would, capturing its output
// lines; a usage error becomes exit 2 with its message, as main.ts does.
import { UsageError } from "../../src/cli/args.js";
import type { Command, Io } from "../../src/cli/command.js";

export interface CommandRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function callCommand(cmd: Command, argv: string[]): Promise<CommandRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), tty: false };
  try {
    return { code: await cmd.run(argv, io), out: out.join("\n"), err: err.join("\n") };
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, out: out.join("\n"), err: e.message };
    throw e;
  }
}
