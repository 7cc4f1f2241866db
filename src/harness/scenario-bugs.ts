// The engine's bug switches as scenarios name them, and the property each one
// breaks (what its bug scenario expects to find), both read from the engine's
// own table in src/engine/bugs.ts so the two cannot drift apart.
import { BUG_NAMES as ENGINE_BUG_NAMES, BUG_TABLE, isBugName as engineIsBugName, type BugName as EngineBugName } from "../engine/bugs.js";
import type { Property } from "../history/verdict.js";

export type BugName = EngineBugName;

/** Every switch, sorted by name. */
export const BUG_NAMES: readonly BugName[] = ENGINE_BUG_NAMES;

/** The property each switch breaks. */
export const BUG_PROPERTIES: Readonly<Record<BugName, Property>> = Object.fromEntries(
  ENGINE_BUG_NAMES.map((n) => [n, BUG_TABLE[n].breaks]),
) as Record<BugName, Property>;

export function isBugName(name: string): name is BugName {
  return engineIsBugName(name);
}
