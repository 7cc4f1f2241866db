// The contract of one `mvsim` subcommand. main.ts only dispatches; each
// command lives in src/cli/commands/<name>.ts and parses its own flags.
// Exit codes everywhere: 0 ok, 1 violation, 2 bad input or usage, 3 unknown.

export const EXIT = { ok: 0, violation: 1, usage: 2, unknown: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** True when stdout is a terminal (progress may redraw a line). */
  readonly tty: boolean;
}

export interface Command {
  readonly name: string;
  /** One line for `mvsim --help`. */
  readonly summary: string;
  /** Full text for `mvsim <name> --help`. */
  readonly help: string;
  run(argv: readonly string[], io: Io): Promise<number>;
}
