// Scenario arguments on the command line: a path to a .json file, or the name
// of a shipped scenario (scenarios/NAME.json or scenarios/bugs/NAME.json).
// Errors are one line naming the argument or the file and field.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { loadScenario, type Scenario } from "../harness/scenario.js";
import { loadScenarioTarget } from "../harness/target-loader.js";
import { UsageError } from "./args.js";
import type { Io } from "./command.js";

export const SCENARIO_DIRS = ["scenarios", join("scenarios", "bugs")];

export function resolveScenarioPath(arg: string): string {
  if (arg.endsWith(".json") || arg.includes("/")) return arg;
  for (const dir of SCENARIO_DIRS) {
    const p = join(dir, `${arg}.json`);
    if (existsSync(p)) return p;
  }
  throw new UsageError(`no scenario "${arg}": give a .json path or a name from ${SCENARIO_DIRS.join(" or ")}`);
}

/** Every shipped scenario, in file order: the correct-engine ones, then the bug ones. */
export function shippedScenarioPaths(): string[] {
  const out: string[] = [];
  for (const dir of SCENARIO_DIRS) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) if (f.endsWith(".json")) out.push(join(dir, f));
  }
  return out;
}

/** Loads scenarios; the first bad one is a ScenarioError (exit 2 with its one-line message). */
export async function loadScenarios(paths: readonly string[]): Promise<Scenario[]> {
  const out: Scenario[] = [];
  for (const p of paths) {
    const r = await loadScenario(p);
    if (!r.ok) throw new ScenarioError(r.error);
    const targetError = await loadScenarioTarget(r.scenario);
    if (targetError) throw new ScenarioError(targetError);
    out.push(r.scenario);
  }
  return out;
}

/** Loads one scenario; on bad input prints its one-line error and returns undefined (exit 2). */
export async function loadOneScenario(path: string, io: Io): Promise<Scenario | undefined> {
  const r = await loadScenario(path);
  const error = r.ok ? await loadScenarioTarget(r.scenario) : r.error;
  if (r.ok && error === undefined) return r.scenario;
  io.err(error!);
  return undefined;
}

export class ScenarioError extends Error {
  override readonly name = "ScenarioError";
}
