// A scenario's JSON checked whole except `swarm`: the main validator
// (scenario-validate.ts) plus the fields read apart from it: `faults.pause`
// (process pauses), `faults.crashPointsStopWithFaults` (src/sim/faults.ts),
// `faults.buggify` (src/sim/buggify.ts),
// and `sometimes` (src/harness/sometimes.ts).
// Contract: one line `<file>: <field path>: <what was expected>, got <value>`.
import type { BuggifyOptions } from "../sim/buggify.js";
import type { PauseOptions } from "../sim/faults.js";
import type { Scenario, ScenarioLoad } from "./scenario.js";
import { asBoolean, FieldError, Fields, fail } from "./scenario-fields.js";
import type { JsonValue } from "./scenario-json.js";
import { validateScenario } from "./scenario-validate.js";
import { readSometimes } from "./sometimes.js";

type JsonObject = { [key: string]: JsonValue };

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Validates `json` (which has no `swarm`) as a scenario. */
export function validateRunFields(json: JsonValue, file: string): ScenarioLoad {
  if (!isObject(json)) return validateScenario(json, file);
  const { sometimes, ...rest } = json;
  let pause: JsonValue | undefined;
  let base: JsonValue = rest;
  let stopWith: JsonValue | undefined;
  let buggify: JsonValue | undefined;
  if (isObject(rest.faults) && ("pause" in rest.faults || "crashPointsStopWithFaults" in rest.faults || "buggify" in rest.faults)) {
    const { pause: p, crashPointsStopWithFaults: c, buggify: b, ...faults } = rest.faults;
    pause = p;
    stopWith = c;
    buggify = b;
    base = { ...rest, faults };
  }
  const loaded = validateScenario(base, file);
  if (!loaded.ok || (pause === undefined && sometimes === undefined && stopWith === undefined && buggify === undefined)) return loaded;
  try {
    const s: Scenario = loaded.scenario;
    return {
      ok: true,
      scenario: {
        ...s,
        faults: {
          ...s.faults,
          ...(pause !== undefined ? { pause: readPause(pause) } : {}),
          ...(buggify !== undefined ? { buggify: readBuggify(buggify) } : {}),
          ...(stopWith !== undefined ? { crashPointsStopWithFaults: asBoolean("faults.crashPointsStopWithFaults", stopWith) } : {}),
        },
        ...(sometimes !== undefined ? { sometimes: readSometimes(sometimes) } : {}),
      },
    };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, error: `${file}: ${e.message}` };
    throw e;
  }
}

function readPause(raw: JsonValue): PauseOptions {
  const f = new Fields("faults.pause", raw, "an object { probabilityPerStep, pausesMax?, durationUsMin?, durationUsMax }");
  const probabilityPerStep = f.number("probabilityPerStep", { min: 0, max: 1 }, 0);
  const pausesMax = f.number("pausesMax", { integer: true, min: 0 }, probabilityPerStep > 0 ? 1 : 0);
  const durationUsMin = f.number("durationUsMin", { integer: true, min: 1 }, 1000);
  const durationUsMax = f.number("durationUsMax", { integer: true, min: 1 }, 60_000_000);
  if (durationUsMax < durationUsMin) fail(f.at("durationUsMax"), `an integer >= durationUsMin (${durationUsMin})`, durationUsMax);
  if (probabilityPerStep > 0 && pausesMax === 0) fail(f.at("pausesMax"), "an integer >= 1 when probabilityPerStep > 0", 0);
  f.done();
  return { probabilityPerStep, pausesMax, durationUsMin, durationUsMax };
}

function readBuggify(raw: JsonValue): BuggifyOptions {
  const f = new Fields("faults.buggify", raw, "an object { probability }");
  const probability = f.number("probability", { min: 0, max: 1 }, 0);
  f.done();
  return { probability };
}
