// The engine's place in the Hermitage matrix: the lead's adapter
// src/harness/engine-target.ts once it exists (loaded by path so this folder
// typechecks before it does), else the minimal engine-adapter.ts here.
import { existsSync } from "node:fs";
import type { KvTarget } from "../../../src/harness/target.js";
import { engineAdapter } from "./engine-adapter.js";

type MakeEngine = (options?: { bugs?: ReadonlySet<string> }) => KvTarget;

const path = new URL("../../../src/harness/engine-target.ts", import.meta.url);
const loaded: unknown = existsSync(path) ? await import(path.href) : undefined;
const lead = (loaded as { engineTarget?: MakeEngine } | undefined)?.engineTarget;
const make: MakeEngine = lead ?? engineAdapter;
const name = lead ? "engine" : "engine (test adapter)";

/** [name, make] of the correct engine. */
export const engineTargets: readonly [string, () => KvTarget][] = [[name, () => make()]];
/** The engine with bug switches on. */
export const engineWithBugs = (bugs: readonly string[]): KvTarget => make({ bugs: new Set(bugs) });
