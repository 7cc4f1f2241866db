// Ctrl-C and SIGTERM during a long run: the first signal asks the run to stop
// handing out seeds (what ran is kept and reported as partial); a second one
// exits at once. Exit codes follow the shell's 128 + signal number.
// Contract: install() before the run, dispose() after; no handler stays behind.

export const SIGNAL_EXIT: Readonly<Record<"SIGINT" | "SIGTERM", number>> = { SIGINT: 130, SIGTERM: 143 };

export interface StopRequest {
  /** The signal that asked to stop, once one did. */
  readonly signal: "SIGINT" | "SIGTERM" | undefined;
  /** Resolves when the first signal arrives. */
  readonly requested: Promise<"SIGINT" | "SIGTERM">;
  dispose(): void;
}

export function installStop(warn: (line: string) => void, exit: (code: number) => never = (c) => process.exit(c)): StopRequest {
  let signal: "SIGINT" | "SIGTERM" | undefined;
  let resolve!: (s: "SIGINT" | "SIGTERM") => void;
  const requested = new Promise<"SIGINT" | "SIGTERM">((r) => (resolve = r));
  const on = (s: "SIGINT" | "SIGTERM") => (): void => {
    if (signal !== undefined) {
      warn(`mvsim: ${s} again: exiting now without a report`);
      exit(SIGNAL_EXIT[s]);
    }
    signal = s;
    warn(`mvsim: ${s}: handing out no more seeds; writing a partial report of the seeds that ran (${s} again to exit at once)`);
    resolve(s);
  };
  const handlers = { SIGINT: on("SIGINT"), SIGTERM: on("SIGTERM") };
  process.on("SIGINT", handlers.SIGINT);
  process.on("SIGTERM", handlers.SIGTERM);
  return {
    get signal() {
      return signal;
    },
    requested,
    dispose() {
      process.off("SIGINT", handlers.SIGINT);
      process.off("SIGTERM", handlers.SIGTERM);
    },
  };
}
