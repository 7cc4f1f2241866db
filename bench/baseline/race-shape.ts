// The two races both tools are given, as plain data: which race, how many
// racing tasks, and how many private steps each does before and after its racy
// section (the noise a real transaction has around its window), and for the
// uneven race how far one task lags before its racy section.
// Contract: both sides read the same shape, so they face the same interleavings.

export type RaceName = "lost-update" | "ww-toctou";

export interface RaceShape {
  readonly race: RaceName;
  /** Racing tasks (threads on the mvsim side). */
  readonly tasks: number;
  /** Private shared-memory steps each task takes before and after its racy section. */
  readonly filler: number;
  /** The near-twin without the bug: the racy pair of steps done as one atomic step. */
  readonly fixed?: boolean;
  /** The uneven race: task 0 alone takes this many more private steps before its racy section. */
  readonly lead?: number;
}

/** Shared steps one task takes: filler, the racy section, filler (and the commit, for ww-toctou). */
export function stepsPerTask(shape: RaceShape): number {
  const racy = shape.fixed ? 1 : 2;
  return 2 * shape.filler + racy + (shape.race === "ww-toctou" ? 1 : 0);
}

/** Shared steps of a whole run: every task's, plus the lead of the uneven race. */
export function stepsPerRun(shape: RaceShape): number {
  return shape.tasks * stepsPerTask(shape) + (shape.lead ?? 0);
}

export function describeShape(shape: RaceShape): string {
  const lead = shape.lead ? `; uneven: task 0 takes ${shape.lead} more private steps before its racy section` : "";
  return `${shape.race}${shape.fixed ? " (fixed)" : ""}: ${shape.tasks} tasks x ${stepsPerTask(shape)} steps (${shape.filler} private steps before and after the race${lead})`;
}
