// The scenario fields read apart from the main validator: `swarm` (per-seed
// configuration ranges, src/harness/swarm.ts) here, `faults.pause` and
// `sometimes` in scenario-run-fields.ts.
// Contract: same as validateScenario: one line naming the file and field path.
import type { ScenarioLoad } from "./scenario.js";
import { FieldError } from "./scenario-fields.js";
import type { JsonValue } from "./scenario-json.js";
import { validateRunFields } from "./scenario-run-fields.js";
import { readSwarm } from "./swarm.js";

export function validateScenarioWithExtras(json: JsonValue, file: string): ScenarioLoad {
  if (typeof json !== "object" || json === null || Array.isArray(json) || !("swarm" in json)) return validateRunFields(json, file);
  const { swarm, ...base } = json;
  const loaded = validateRunFields(base, file);
  if (!loaded.ok || swarm === undefined) return loaded;
  try {
    return { ok: true, scenario: { ...loaded.scenario, swarm: readSwarm(swarm, base, file) } };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, error: `${file}: ${e.message}` };
    throw e;
  }
}
