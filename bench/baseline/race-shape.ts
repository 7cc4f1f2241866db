// The two races both tools are given, as plain data: which race, how many
// racing tasks, and how many private steps each does before and after its racy
// section (the noise a real transaction has around its window).
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
}

/** Shared steps one task takes: filler, the racy section, filler (and the commit, for ww-toctou). */
export function stepsPerTask(shape: RaceShape): number {
  const racy = shape.fixed ? 1 : 2;
  return 2 * shape.filler + racy + (shape.race === "ww-toctou" ? 1 : 0);
}

export function describeShape(shape: RaceShape): string {
  return `${shape.race}${shape.fixed ? " (fixed)" : ""}: ${shape.tasks} tasks x ${stepsPerTask(shape)} steps (${shape.filler} private steps before and after the race)`;
}
