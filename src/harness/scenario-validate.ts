// Turns parsed scenario JSON into a complete Scenario: every field checked
// against its type, range and neighbours, defaults filled in (the table in
// docs/scenarios.md). Contract: returns `{ ok: false, error }` with one line
// `<file>: <field path>: <what was expected>, got <value>`; unknown fields are errors.
import { dirname, resolve } from "node:path";
import { CHECK_MODELS } from "../check/check-plan.js";
import type { ClockFault } from "../sim/clock.js";
import { DEFAULT_DISK_OPTIONS, resolveDiskOptions, type DiskOptions } from "../sim/disk/disk-options.js";
import type { CrashPoint } from "../sim/faults.js";
import { parseSeed } from "../sim/rng.js";
import { STRATEGY_NAMES } from "../sim/strategies/index.js";
import type { Property } from "../history/verdict.js";
import type { KeyDistribution } from "./key-distribution.js";
import type { Expectation, Scenario, ScenarioChecks, ScenarioFaults, ScenarioLoad, ScenarioStrategy, ScenarioWorkload } from "./scenario.js";
import { BUG_NAMES, isBugName, type BugName } from "./scenario-bugs.js";
import { asArray, asNumber, asOneOf, asString, fail, FieldError, Fields, type NumberRule } from "./scenario-fields.js";
import { engineArenaWordsMin } from "./scenario-arena.js";
import { ENGINE_RANGES, RANGES } from "./scenario-ranges.js";
import type { JsonValue } from "./scenario-json.js";
import { ENGINE_CAPACITY_NAMES } from "./scenario-engine.js";
import { KNOWN_CRASH_LABELS } from "./scenario-labels.js";

/** Every Property, at run time (the type check below keeps it complete). */
export const PROPERTIES = [
  "snapshot-isolation",
  "write-conflict",
  "atomic-visibility",
  "reclamation",
  "durability",
  "linearizability",
  "liveness",
  "serializability",
  "engine-error",
] as const satisfies readonly Property[];
type Missing = Exclude<Property, (typeof PROPERTIES)[number]>;
const _complete: Missing extends never ? true : Missing = true;
void _complete;

export const SCENARIO_DEFAULTS = {
  processes: 1,
  threadsPerProcess: 2,
  opsPerThread: 10,
  txnSizeMin: 1,
  txnSizeMax: 4,
  readRatio: 0.5,
  singleKeyOpRatio: 0,
  keyCount: 8,
  zipfExponent: 1,
  hotKeys: 1,
  hotRatio: 0.8,
  restartDelayUs: 1000,
  stepBudgetMax: 200_000,
  stepUs: 1,
  gateSeeds: 20,
  masterSeed: 0n,
  arenaWords: 1 << 20,
  arenaReservedWords: 64,
  arenaQuarantineWords: 1 << 14,
} as const;

const PROBABILITY = { min: 0, max: 1 } as const;
const POSITIVE = { integer: true, min: 1 } as const;

export function validateScenario(json: JsonValue, file: string): ScenarioLoad {
  try {
    return { ok: true, scenario: readScenario(json, file) };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, error: `${file}: ${e.message}` };
    throw e;
  }
}

function baseName(file: string): string {
  const last = file.split(/[\\/]/).pop() ?? file;
  return last.replace(/\.json$/i, "");
}

function readScenario(json: JsonValue, file: string): Scenario {
  const f = new Fields("", json, "a scenario object");
  // Files must name themselves after the file and say what they aim at; inline
  // scenarios (a test suite's objects, `file` not ending in .json) need not.
  const isFile = /\.json$/i.test(file);
  const name = asString("name", f.required("name"));
  if (isFile && name !== baseName(file)) fail("name", `"${baseName(file)}" (the file name without .json)`, name);
  const description = asString("description", f.required("description"));
  if (isFile && description.trim() === "") fail("description", "a sentence saying which hazard the scenario aims at", description);
  const target = readTarget(f.raw("target"), file);
  const builtIn = target === "mvsim";
  const processes = f.number("processes", RANGES.processes, SCENARIO_DEFAULTS.processes);
  const threadsPerProcess = f.number("threadsPerProcess", RANGES.threadsPerProcess, SCENARIO_DEFAULTS.threadsPerProcess);
  const workload = readWorkload(f.object("workload"));
  const faults = readFaults(f.object("faults"));
  const restartF = f.object("restart");
  const restart = { enabled: restartF.boolean("enabled", true), delayUs: restartF.number("delayUs", RANGES.restartDelayUs, SCENARIO_DEFAULTS.restartDelayUs) };
  restartF.done();
  const stepBudgetMax = f.number("stepBudgetMax", RANGES.stepBudgetMax, SCENARIO_DEFAULTS.stepBudgetMax);
  const strategy = readStrategy(f.object("strategy"));
  const stepUs = f.number("stepUs", RANGES.stepUs, SCENARIO_DEFAULTS.stepUs);
  const timeLimitUs = f.optionalNumber("timeLimitUs", RANGES.positiveTimeUs);
  if (timeLimitUs !== undefined && faults.faultsStopAtUs !== undefined && faults.faultsStopAtUs >= timeLimitUs) {
    fail("faults.faultsStopAtUs", `a time before timeLimitUs (${timeLimitUs})`, faults.faultsStopAtUs);
  }
  const gate = readGate(f.object("gate"));
  const bugs = readBugs(f.raw("bugs"));
  if (!builtIn && bugs.length > 0) fail("bugs", 'no bug switches unless target is "mvsim" (they are the built-in engine\'s)', bugs);
  const expect = readExpect(f.raw("expect"), bugs, builtIn);
  const arenaF = f.object("arena");
  const arena = {
    words: arenaF.number("words", RANGES.arenaWords, SCENARIO_DEFAULTS.arenaWords),
    reservedWords: arenaF.number("reservedWords", RANGES.reservedWords, SCENARIO_DEFAULTS.arenaReservedWords),
    quarantineWords: arenaF.number("quarantineWords", RANGES.quarantineWords, SCENARIO_DEFAULTS.arenaQuarantineWords),
  };
  if (arena.words % 2 !== 0) fail("arena.words", "an even number of words", arena.words);
  if (arena.reservedWords >= arena.words) fail("arena.reservedWords", `fewer than arena.words (${arena.words})`, arena.reservedWords);
  if (arena.quarantineWords >= arena.words) fail("arena.quarantineWords", `fewer than arena.words (${arena.words})`, arena.quarantineWords);
  arenaF.done();
  const checks = readChecks(f.object("checks"));
  const engineF = f.raw("engine");
  const engine = engineF === undefined ? {} : readEngine(engineF);
  if (!builtIn && Object.keys(engine).length > 0) fail("engine", 'no engine capacities unless target is "mvsim"', engineF);
  checkRunSize(processes, threadsPerProcess, workload.opsPerThread);
  const arenaMin = builtIn ? engineArenaWordsMin(engine, arena) : 0;
  if (arena.words < arenaMin) {
    fail("arena.words", `at least ${arenaMin} words: the engine's tables at these capacities, the reserved and quarantine words and one value segment`, arena.words);
  }
  f.done();
  return {
    name,
    description,
    file,
    target,
    processes,
    threadsPerProcess,
    workload,
    faults,
    restart,
    // pct without maxSteps: k is calibrated from the scenario's own runs (src/harness/pct-calibration.ts).
    strategy,
    stepBudgetMax,
    stepUs,
    ...(timeLimitUs !== undefined ? { timeLimitUs } : {}),
    gate,
    bugs,
    expect,
    arena,
    checks,
    engine,
  };
}

/** Whole-run sizes: each field may be in range while their product is not. */
function checkRunSize(processes: number, threads: number, ops: number): void {
  const clients = processes * threads;
  if (clients > RANGES.clients.max) fail("threadsPerProcess", `processes × threadsPerProcess <= ${RANGES.clients.max} (${RANGES.clients.why})`, threads);
  if (clients * ops > RANGES.opsPerRun.max) fail("workload.opsPerThread", `processes × threadsPerProcess × opsPerThread <= ${RANGES.opsPerRun.max} (${RANGES.opsPerRun.why})`, ops);
}

function readWorkload(w: Fields): ScenarioWorkload {
  const opsPerThread = w.number("opsPerThread", RANGES.opsPerThread, SCENARIO_DEFAULTS.opsPerThread);
  const size = w.object("txnSize");
  const min = size.number("min", RANGES.txnSize, SCENARIO_DEFAULTS.txnSizeMin);
  const max = size.number("max", RANGES.txnSize, Math.max(min, SCENARIO_DEFAULTS.txnSizeMax));
  if (max < min) fail(size.at("max"), `an integer >= txnSize.min (${min})`, max);
  size.done();
  const readRatio = w.number("readRatio", PROBABILITY, SCENARIO_DEFAULTS.readRatio);
  const singleKeyOpRatio = w.number("singleKeyOpRatio", PROBABILITY, SCENARIO_DEFAULTS.singleKeyOpRatio);
  const scanRatio = w.number("scanRatio", PROBABILITY, 0);
  const thinkUs = w.number("thinkUs", RANGES.thinkUs, 0);
  const keys = w.object("keys");
  const count = keys.number("count", RANGES.keyCount, SCENARIO_DEFAULTS.keyCount);
  const kind = keys.oneOf("distribution", ["uniform", "zipf", "hotset"] as const, "uniform");
  let distribution: KeyDistribution;
  if (kind === "zipf") {
    distribution = { kind, exponent: keys.number("exponent", RANGES.zipfExponent, SCENARIO_DEFAULTS.zipfExponent) };
  } else if (kind === "hotset") {
    const hotKeys = keys.number("hotKeys", POSITIVE, SCENARIO_DEFAULTS.hotKeys);
    if (hotKeys > count) fail(keys.at("hotKeys"), `an integer <= keys.count (${count})`, hotKeys);
    distribution = { kind, hotKeys, hotRatio: keys.number("hotRatio", PROBABILITY, SCENARIO_DEFAULTS.hotRatio) };
  } else {
    distribution = { kind };
  }
  for (const [field, only] of [["exponent", "zipf"], ["hotKeys", "hotset"], ["hotRatio", "hotset"]] as const) {
    if (keys.has(field) && kind !== only) fail(keys.at(field), `no ${field} unless distribution is "${only}"`, keys.raw(field));
  }
  keys.done();
  const values = w.oneOf("values", ["register", "list-append"] as const, "register");
  w.done();
  return { opsPerThread, txnSize: { min, max }, readRatio, singleKeyOpRatio, scanRatio, thinkUs, keys: { count, distribution }, values };
}

function readFaults(f: Fields): ScenarioFaults {
  const processCrashProbabilityPerStep = f.number("processCrashProbabilityPerStep", PROBABILITY, 0);
  const powerLossProbabilityPerStep = f.number("powerLossProbabilityPerStep", PROBABILITY, 0);
  const processCrashesMax = f.number("processCrashesMax", RANGES.crashesMax, processCrashProbabilityPerStep > 0 ? 1 : 0);
  const powerLossesMax = f.number("powerLossesMax", RANGES.crashesMax, powerLossProbabilityPerStep > 0 ? 1 : 0);
  if (processCrashProbabilityPerStep > 0 && processCrashesMax === 0) {
    fail(f.at("processCrashesMax"), "an integer >= 1 when processCrashProbabilityPerStep > 0", 0);
  }
  if (powerLossProbabilityPerStep > 0 && powerLossesMax === 0) fail(f.at("powerLossesMax"), "an integer >= 1 when powerLossProbabilityPerStep > 0", 0);
  const faultsStopAtUs = f.optionalNumber("faultsStopAtUs", RANGES.timeUs);
  const points = f.raw("crashPoints");
  const crashPoints = points === undefined ? [] : asArray(f.at("crashPoints"), points, "crash points").map((p, i) => readCrashPoint(new Fields(`${f.at("crashPoints")}[${i}]`, p)));
  const disk = readDisk(f.object("disk"));
  const clocks = f.raw("clock");
  const clock = clocks === undefined ? [] : asArray(f.at("clock"), clocks, "clock faults").map((c, i) => readClockFault(new Fields(`${f.at("clock")}[${i}]`, c)));
  f.done();
  return {
    processCrashProbabilityPerStep,
    powerLossProbabilityPerStep,
    processCrashesMax,
    powerLossesMax,
    ...(faultsStopAtUs !== undefined ? { faultsStopAtUs } : {}),
    crashPoints,
    disk,
    clock,
  };
}

function readCrashPoint(c: Fields): CrashPoint {
  const label = asString(c.at("label"), c.required("label"));
  if (!KNOWN_CRASH_LABELS.includes(label)) fail(c.at("label"), `one of ${KNOWN_CRASH_LABELS.map((l) => `"${l}"`).join(", ")}`, label);
  const nth = asNumber(c.at("nth"), c.required("nth"), RANGES.crashNth);
  const pid = c.optionalNumber("pid", RANGES.pid);
  const kind = c.oneOf("kind", ["process", "power"] as const, "process");
  c.done();
  return { label, nth, kind, ...(pid !== undefined ? { pid } : {}) };
}

function readDisk(d: Fields): DiskOptions {
  const partial: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_DISK_OPTIONS) as (keyof DiskOptions)[]) {
    const v = d.raw(key);
    if (v !== undefined) partial[key] = v;
  }
  d.done();
  for (const [key, rule] of DISK_RANGES) {
    const v = partial[key];
    if (v !== undefined) asNumber(d.at(key), v as JsonValue, rule);
  }
  const sectors = partial.corruptSectors;
  if (Array.isArray(sectors)) {
    sectors.forEach((c, i) => {
      const sector = typeof c === "object" && c !== null && !Array.isArray(c) ? (c as Record<string, JsonValue>).sector : undefined;
      if (sector !== undefined) asNumber(`${d.at("corruptSectors")}[${i}].sector`, sector, RANGES.corruptSector);
    });
  }
  try {
    return resolveDiskOptions(partial as Partial<DiskOptions>);
  } catch (e) {
    // resolveDiskOptions names the field as "disk options: <field>: ..."; re-root it.
    const msg = e instanceof Error ? e.message.replace(/^disk options: /, "") : String(e);
    throw new FieldError(`${d.path}.${msg}`);
  }
}

const DISK_RANGES: readonly (readonly [keyof DiskOptions, NumberRule])[] = [
  ["sectorBytes", RANGES.sectorBytes],
  ["capacityBytes", RANGES.capacityBytes],
  ["writeEioProbabilityPerOp", RANGES.eioProbability],
  ["fsyncEioProbabilityPerOp", RANGES.eioProbability],
  ["readLatencyUs", RANGES.latencyUs],
  ["writeLatencyUs", RANGES.latencyUs],
  ["fsyncLatencyUs", RANGES.latencyUs],
];

function readClockFault(c: Fields): ClockFault {
  const kind = asOneOf(c.at("kind"), c.required("kind"), ["freeze", "jump", "skew"] as const);
  let out: ClockFault;
  if (kind === "skew") {
    out = { kind, pid: asNumber(c.at("pid"), c.required("pid"), RANGES.pid), skewMs: asNumber(c.at("skewMs"), c.required("skewMs"), RANGES.clockMs) };
  } else {
    const atUs = asNumber(c.at("atUs"), c.required("atUs"), RANGES.timeUs);
    const pid = c.optionalNumber("pid", RANGES.pid);
    const base = pid !== undefined ? { atUs, pid } : { atUs };
    out = kind === "freeze"
      ? { kind, ...base, durationUs: asNumber(c.at("durationUs"), c.required("durationUs"), RANGES.positiveTimeUs) }
      : { kind, ...base, deltaMs: asNumber(c.at("deltaMs"), c.required("deltaMs"), RANGES.clockMs) };
  }
  c.done();
  return out;
}

function readStrategy(s: Fields): ScenarioStrategy {
  const name = s.oneOf("name", STRATEGY_NAMES, "random");
  const only = (field: string, strategy: string): void => {
    if (s.has(field) && name !== strategy) fail(s.at(field), `no ${field} unless strategy.name is "${strategy}"`, s.raw(field));
  };
  only("depth", "pct");
  only("maxSteps", "pct");
  only("preemptionBound", "dfs");
  only("sleepSets", "dfs");
  only("quantum", "round-robin");
  const depth = s.optionalNumber("depth", RANGES.pctDepth);
  const maxSteps = s.optionalNumber("maxSteps", RANGES.pctMaxSteps);
  const preemptionBound = s.optionalNumber("preemptionBound", RANGES.preemptionBound);
  const sleepSets = s.has("sleepSets") ? s.boolean("sleepSets", false) : undefined;
  const quantum = s.optionalNumber("quantum", RANGES.quantum);
  if (preemptionBound !== undefined && sleepSets === true) fail(s.at("sleepSets"), "false when preemptionBound is set (dfs cannot combine them)", true);
  s.done();
  return {
    name,
    ...(depth !== undefined ? { depth } : {}),
    ...(maxSteps !== undefined ? { maxSteps } : {}),
    ...(preemptionBound !== undefined ? { preemptionBound } : {}),
    ...(sleepSets !== undefined ? { sleepSets } : {}),
    ...(quantum !== undefined ? { quantum } : {}),
  };
}

function readGate(g: Fields): Scenario["gate"] {
  const seeds = g.number("seeds", RANGES.gateSeeds, SCENARIO_DEFAULTS.gateSeeds);
  const raw = g.raw("masterSeed");
  let masterSeed: bigint = SCENARIO_DEFAULTS.masterSeed;
  if (raw !== undefined) {
    const parsed = typeof raw === "string" ? parseSeed(raw) : typeof raw === "number" && Number.isSafeInteger(raw) && raw >= 0 ? BigInt(raw) : undefined;
    if (typeof parsed !== "bigint") fail(g.at("masterSeed"), "a seed: an integer >= 0, or a decimal or 0x-hex string up to 64 bits", raw);
    masterSeed = parsed;
  }
  g.done();
  return { seeds, masterSeed };
}

function readBugs(raw: JsonValue | undefined): BugName[] {
  if (raw === undefined) return [];
  const names = asArray("bugs", raw, "bug switch names").map((b, i) => {
    const name = asString(`bugs[${i}]`, b);
    if (!isBugName(name)) fail(`bugs[${i}]`, `a bug switch (${BUG_NAMES.join(", ")})`, name);
    return name;
  });
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) fail("bugs", "each switch at most once", names);
  return names;
}

/** "mvsim", or a module path resolved against the scenario file's folder (the cwd for inline scenarios). */
function readTarget(raw: JsonValue | undefined, file: string): string {
  if (raw === undefined || raw === "mvsim") return "mvsim";
  const t = asString("target", raw);
  if (!/^(\.{1,2}\/|\/)/.test(t) || !/\.(m?js)$/.test(t)) fail("target", '"mvsim" or a path to a .js/.mjs module starting with ./, ../ or /', raw);
  return /\.json$/i.test(file) ? resolve(dirname(file), t) : resolve(t);
}

function readExpect(raw: JsonValue | undefined, bugs: readonly BugName[], builtIn = true): Expectation {
  if (raw === undefined || raw === "pass") return { kind: "pass" };
  const expected = `"pass" or { "find": <property> | [<property>...] }`;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) fail("expect", expected, raw);
  const e = new Fields("expect", raw, expected);
  const find = e.required("find");
  const list = Array.isArray(find) ? find : [find];
  if (list.length === 0) fail("expect.find", "at least one property", find);
  const properties = list.map((p, i) => asOneOf(Array.isArray(find) ? `expect.find[${i}]` : "expect.find", p, PROPERTIES));
  e.done();
  if (builtIn && bugs.length === 0) fail("expect.find", 'a bug switch in "bugs" (the correct engine is expected to pass)', find);
  return { kind: "find", properties };
}

function readChecks(c: Fields): ScenarioChecks {
  const model = c.raw("model");
  const livenessBoundUs = c.optionalNumber("livenessBoundUs", RANGES.livenessBoundUs);
  const maxStatesPerKey = c.optionalNumber("maxStatesPerKey", RANGES.maxStatesPerKey);
  const garbageVersionsMax = c.optionalNumber("garbageVersionsMax", RANGES.garbageVersionsMax);
  c.done();
  return {
    ...(model !== undefined ? { model: asOneOf(c.at("model"), model, CHECK_MODELS) } : {}),
    ...(livenessBoundUs !== undefined ? { livenessBoundUs } : {}),
    ...(maxStatesPerKey !== undefined ? { maxStatesPerKey } : {}),
    ...(garbageVersionsMax !== undefined ? { garbageVersionsMax } : {}),
  };
}

function readEngine(raw: JsonValue): Record<string, number> {
  const e = new Fields("engine", raw, "an object of engine capacities (name: integer)");
  const out: Record<string, number> = {};
  if (typeof raw === "object" && raw !== null && !Array.isArray(raw)) {
    for (const key of ENGINE_CAPACITY_NAMES) {
      const v = e.raw(key);
      if (v !== undefined) out[key] = asNumber(e.at(key), v, ENGINE_RANGES[key]);
    }
  }
  e.done();
  return out;
}
