// The target a scenario names: "mvsim" (the built-in engine, with the
// scenario's bug switches and capacities) or a module path exporting a
// KvTarget (default export, or an export named `target`). Modules are loaded
// once per thread (the CLI's main thread and each worker) and cached by path.
// Contract: loadScenarioTarget never throws; an unusable module is one line
// naming the scenario file, the field and what went wrong.
import { pathToFileURL } from "node:url";
import { engineTarget } from "./engine-target.js";
import type { Scenario } from "./scenario.js";
import { scenarioTargetOptions } from "./scenario-run-spec.js";
import { targetShapeProblem, type KvTarget } from "./target.js";

export const BUILT_IN_TARGET = "mvsim";

const loaded = new Map<string, KvTarget>();

/** Loads the scenario's target module (nothing to do for the built-in one); an error line on failure. */
export async function loadScenarioTarget(s: Scenario): Promise<string | undefined> {
  if (s.target === BUILT_IN_TARGET || loaded.has(s.target)) return undefined;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(s.target).href)) as Record<string, unknown>;
  } catch (e) {
    return `${s.file}: target: cannot load ${s.target}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
  }
  const t = mod.default ?? mod.target;
  const problem = targetShapeProblem(t);
  if (problem) return `${s.file}: target: ${s.target} must export a KvTarget (export default defineTarget({...})): ${problem}`;
  loaded.set(s.target, t as KvTarget);
  return undefined;
}

/** The target one seed runs: a loaded module's, or the engine with the scenario's switches. */
export function scenarioTarget(s: Scenario, extraBugs: readonly string[] = []): KvTarget {
  if (s.target === BUILT_IN_TARGET) return engineTarget(scenarioTargetOptions(s, extraBugs));
  const t = loaded.get(s.target);
  if (!t) throw new Error(`${s.file}: target ${s.target} was not loaded in this thread (call loadScenarioTarget first)`);
  return t;
}
