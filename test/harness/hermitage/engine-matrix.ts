// The engine's place in the Hermitage matrix: the harness's engine target,
// durable (WAL, group commit, a checkpointer daemon) and in memory only.
import { engineTarget } from "../../../src/harness/engine-target.js";
import type { KvTarget } from "../../../src/harness/target.js";

/** [name, make] of the correct engine, durable first. */
export const engineTargets: readonly [string, () => KvTarget][] = [
  ["engine", () => engineTarget()],
  ["engine in memory", () => engineTarget({ durability: false })],
];
/** The (durable) engine with bug switches on. */
export const engineWithBugs = (bugs: readonly string[]): KvTarget => engineTarget({ bugs: new Set(bugs) });
