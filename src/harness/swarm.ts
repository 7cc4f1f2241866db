// Swarm configurations (TigerBeetle's VOPR, FoundationDB's simulation, Groce's
// swarm testing): a scenario's `swarm` maps field paths to ranges, and each seed
// draws its own configuration from them, from the seed's "swarm" stream only.
// Contract: drawScenario(s, seed) is pure (same seed, same configuration, so the
// same trace hash); every range was checked at load time at both ends.
import { Rng } from "../sim/rng.js";
import type { Scenario } from "./scenario.js";
import { fail, FieldError, show } from "./scenario-fields.js";
import type { JsonValue } from "./scenario-json.js";
import { validateRunFields } from "./scenario-run-fields.js";

/** One field's range: uniform in [min, max] (log-uniform if `log`), 0 with probability `off`; or a choice. */
export type SwarmRange =
  | { readonly kind: "number"; readonly min: number; readonly max: number; readonly integer: boolean; readonly log: boolean; readonly off: number }
  | { readonly kind: "choice"; readonly options: readonly JsonValue[] };

export interface SwarmSpec {
  /** Field paths ("workload.keys.count") in file order, each with its range. */
  readonly ranges: readonly (readonly [string, SwarmRange])[];
  /** The scenario's JSON without `swarm`: each seed's draws are written into a copy. */
  readonly base: JsonValue;
  /** `swarm` as the file gave it, so a scenario can be written back (scenario-json-text.ts). */
  readonly raw: JsonValue;
}

/** A seed's drawn configuration: path → value, in the order drawn. */
export type SwarmConfig = Readonly<Record<string, JsonValue>>;

/** Fields whose values are real numbers; every other numeric field is an integer. */
const REAL_FIELD = /(Probability|probability|Ratio|PerStep|PerOp|exponent)[^.]*$/;

/** Reads and checks `swarm`; `base` is the scenario JSON without it. Throws FieldError. */
export function readSwarm(raw: JsonValue, base: JsonValue, file: string): SwarmSpec {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) fail("swarm", 'an object of field paths to ranges, e.g. { "processes": [1, 3] }', raw);
  const ranges: [string, SwarmRange][] = [];
  for (const [path, spec] of Object.entries(raw)) {
    const at = `swarm["${path}"]`;
    if (path === "swarm" || path === "sometimes" || path === "name" || path.startsWith("gate") || path === "bugs" || path === "expect") {
      fail(at, "a field of the run (not name, gate, bugs, expect, swarm or sometimes)", path);
    }
    const range = readRange(at, path, spec);
    // Each end alone must make a valid scenario: the loader's own checks name what is wrong.
    for (const v of endsOf(range)) {
      const json = clone(base);
      setAt(json, path, v, at);
      normalise(json);
      const r = validateRunFields(json, file);
      if (!r.ok) throw new FieldError(`${at}: ${show(v)} makes the scenario invalid: ${r.error.slice(file.length + 2)}`);
    }
    ranges.push([path, range]);
  }
  return { ranges, base, raw };
}

function readRange(at: string, path: string, spec: JsonValue): SwarmRange {
  const expected = '[min, max], { "min", "max", "log"?, "off"? } or { "oneOf": [...] }';
  if (Array.isArray(spec)) {
    if (spec.length !== 2 || typeof spec[0] !== "number" || typeof spec[1] !== "number") fail(at, expected, spec);
    return numberRange(at, path, spec[0], spec[1], false, 0);
  }
  if (typeof spec !== "object" || spec === null) fail(at, expected, spec);
  const keys = Object.keys(spec);
  if ("oneOf" in spec) {
    if (keys.length !== 1) fail(at, "only oneOf in a choice", spec);
    const options = spec.oneOf;
    if (!Array.isArray(options) || options.length === 0) fail(`${at}.oneOf`, "a non-empty list of values", options);
    return { kind: "choice", options };
  }
  for (const k of keys) if (!["min", "max", "log", "off"].includes(k)) fail(`${at}.${k}`, "one of min, max, log, off", spec[k]);
  const { min, max, log = false, off = 0 } = spec;
  if (typeof min !== "number" || !Number.isFinite(min)) fail(`${at}.min`, "a number", min);
  if (typeof max !== "number" || !Number.isFinite(max)) fail(`${at}.max`, "a number", max);
  if (typeof log !== "boolean") fail(`${at}.log`, "true or false", log);
  if (typeof off !== "number" || !(off >= 0 && off <= 1)) fail(`${at}.off`, "a probability in [0, 1]", off);
  return numberRange(at, path, min, max, log, off);
}

function numberRange(at: string, path: string, min: number, max: number, log: boolean, off: number): SwarmRange {
  const integer = !REAL_FIELD.test(path);
  if (integer && !Number.isInteger(min)) fail(`${at}.min`, "an integer (this field counts)", min);
  if (integer && !Number.isInteger(max)) fail(`${at}.max`, "an integer (this field counts)", max);
  if (max < min) fail(`${at}.max`, `a number >= min (${min})`, max);
  if (log && min <= 0) fail(`${at}.min`, "a number > 0 for a log-uniform range", min);
  return { kind: "number", min, max, integer, log, off };
}

function endsOf(r: SwarmRange): readonly JsonValue[] {
  if (r.kind === "choice") return r.options;
  return r.off > 0 ? [r.min, r.max, 0] : [r.min, r.max];
}

function draw(rng: Rng, r: SwarmRange): JsonValue {
  if (r.kind === "choice") return clone(rng.pick(r.options));
  if (r.off > 0 && rng.chance(r.off)) return 0;
  if (r.integer) {
    if (!r.log) return rng.range(r.min, r.max);
    return Math.min(r.max, Math.floor(Math.exp(Math.log(r.min) + rng.next() * (Math.log(r.max + 1) - Math.log(r.min)))));
  }
  const x = r.log ? Math.exp(Math.log(r.min) + rng.next() * (Math.log(r.max) - Math.log(r.min))) : r.min + rng.next() * (r.max - r.min);
  // Rounded so the configuration prints short and reads back exactly.
  return Number(x.toPrecision(4));
}

export interface DrawnScenario {
  readonly scenario: Scenario;
  /** Absent for a scenario without `swarm`. */
  readonly config?: SwarmConfig;
}

/** The scenario this seed runs: the scenario itself, or its swarm draw. An error line if a draw is invalid. */
export function drawScenario(s: Scenario, seed: bigint): DrawnScenario | string {
  if (!s.swarm) return { scenario: s };
  const rng = new Rng(seed).fork("swarm");
  const json = clone(s.swarm.base);
  const config: Record<string, JsonValue> = {};
  for (const [path, range] of s.swarm.ranges) {
    const v = draw(rng, range);
    config[path] = v;
    setAt(json, path, v, `swarm["${path}"]`);
  }
  normalise(json);
  const r = validateRunFields(json, s.file);
  if (!r.ok) return `${r.error} (in the swarm configuration drawn for seed ${seed}: ${JSON.stringify(config)})`;
  return { scenario: { ...r.scenario, swarm: s.swarm }, config };
}

/** One line for reports and replay output: `processes=2 workload.keys.count=5 ...`. */
export function configText(c: SwarmConfig): string {
  return Object.entries(c)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(" ");
}

type JsonObject = { [key: string]: JsonValue };

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function clone<T extends JsonValue>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** `path` "." is the scenario itself: a choice of objects there is a profile of fields anywhere. */
function setAt(json: JsonValue, path: string, v: JsonValue, at: string): void {
  if (path === ".") {
    if (!isObject(json) || !isObject(v)) fail(at, "objects to merge into the scenario", v);
    merge(json, v);
    return;
  }
  const parts = path.split(".");
  let o = json;
  for (const p of parts.slice(0, -1)) {
    if (!isObject(o)) fail(at, "a path through objects", path);
    if (o[p] === undefined) o[p] = {};
    o = o[p]!;
  }
  if (!isObject(o)) fail(at, "a path through objects", path);
  const last = parts[parts.length - 1]!;
  const cur = o[last];
  // A chosen object over an object sets its fields only: a "profile" of fields that must go together.
  if (isObject(cur) && isObject(v)) merge(cur, v);
  else o[last] = v;
}

function merge(into: JsonObject, v: JsonObject): void {
  for (const [k, x] of Object.entries(v)) {
    const cur = into[k];
    if (isObject(cur) && isObject(x)) merge(cur, x);
    else into[k] = clone(x);
  }
}

/**
 * Makes independently drawn fields agree where the loader relates them (each
 * rule keeps what was drawn for the field named first): txnSize.max >= min,
 * a key distribution's own parameters only, hotKeys <= count, a strategy's
 * own parameters only, a crash cap of at least 1 when crashes are possible,
 * and faults that stop before the time limit.
 */
export function normalise(json: JsonValue): void {
  if (!isObject(json)) return;
  const w = json.workload;
  if (isObject(w)) {
    const size = w.txnSize;
    if (isObject(size) && typeof size.min === "number" && typeof size.max === "number" && size.max < size.min) size.max = size.min;
    const keys = w.keys;
    if (isObject(keys)) {
      const d = keys.distribution ?? "uniform";
      if (d !== "zipf") delete keys.exponent;
      if (d !== "hotset") {
        delete keys.hotKeys;
        delete keys.hotRatio;
      } else if (typeof keys.hotKeys === "number" && typeof keys.count === "number" && keys.hotKeys > keys.count) keys.hotKeys = keys.count;
    }
  }
  const st = json.strategy;
  if (isObject(st)) {
    const name = st.name ?? "random";
    if (name !== "pct") (delete st.depth, delete st.maxSteps);
    if (name !== "dfs") (delete st.preemptionBound, delete st.sleepSets);
    if (name !== "round-robin") delete st.quantum;
  }
  const f = json.faults;
  if (isObject(f)) {
    for (const [p, cap] of [["processCrashProbabilityPerStep", "processCrashesMax"], ["powerLossProbabilityPerStep", "powerLossesMax"]] as const) {
      if (typeof f[p] === "number" && f[p] > 0 && f[cap] === 0) f[cap] = 1;
    }
    const pause = f.pause;
    if (isObject(pause) && typeof pause.durationUsMin === "number" && typeof pause.durationUsMax === "number" && pause.durationUsMax < pause.durationUsMin) {
      pause.durationUsMax = pause.durationUsMin;
    }
    const limit = json.timeLimitUs;
    if (typeof f.faultsStopAtUs === "number" && typeof limit === "number" && f.faultsStopAtUs >= limit) f.faultsStopAtUs = limit - 1;
  }
}
