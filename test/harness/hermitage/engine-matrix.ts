// The engine's place in the Hermitage matrix: empty until the lead adds
// src/harness/engine-target.ts (loaded by path so this folder typechecks
// before it exists), then the correct engine and its bug switches.
import { existsSync } from "node:fs";
import type { KvTarget } from "../../../src/harness/target.js";

type MakeEngine = (options?: { bugs?: ReadonlySet<string> }) => KvTarget;

const path = new URL("../../../src/harness/engine-target.ts", import.meta.url);
const loaded: unknown = existsSync(path) ? await import(path.href.replace(/\.ts$/, ".js")) : undefined;
const make = (loaded as { engineTarget?: MakeEngine } | undefined)?.engineTarget;

/** [name, make] of the correct engine, when it exists. */
export const engineTargets: readonly [string, () => KvTarget][] = make ? [["engine", () => make()]] : [];
/** Builds the engine with bug switches on, when it exists. */
export const engineWithBugs: ((bugs: readonly string[]) => KvTarget) | undefined = make ? (bugs) => make({ bugs: new Set(bugs) }) : undefined;
