// One seed of one scenario: the scenario's run spec (with any shrink
// overrides), its strategy (or a strict replay of recorded decisions), the
// engine target with the scenario's bug switches, then simulate(). PCT's k,
// when the scenario leaves it out, comes from src/harness/pct-calibration.ts.
// Contract: the same request gives the same SimulationResult, byte for byte.
import { replayStrategy } from "../sim/strategies/replay.js";
import { isExploring } from "../sim/strategies/index.js";
import type { SeedOutcome } from "./run-result.js";
import type { Scenario } from "./scenario.js";
import { calibratedPctSteps } from "./pct-calibration.js";
import { pctNeedsSteps, scenarioRunSpec, scenarioStrategy } from "./scenario-run-spec.js";
import type { KvTarget } from "./target.js";
import { scenarioTarget } from "./target-loader.js";
import { simulate, type RunSpec, type SimulationResult } from "./simulate.js";
import { drawScenario } from "./swarm.js";

/** The parts of a run spec the shrinker makes smaller; a schedule file carries them. */
export interface SpecOverrides {
  readonly processes?: number;
  readonly threadsPerProcess?: number;
  readonly opsPerThread?: number;
  readonly txnSizeMax?: number;
  readonly keyCount?: number;
  readonly processCrashesMax?: number;
  readonly powerLossesMax?: number;
}

export interface SeedRequest {
  readonly scenario: Scenario;
  readonly seed: bigint;
  readonly extraBugs?: readonly string[];
  /** A strategy by name instead of the scenario's. */
  readonly strategy?: string;
  /** Replay these decisions strictly (the run must follow them exactly). */
  readonly decisions?: readonly number[];
  /** PCT's k as recorded (a replay line's --pct-k) instead of calibrating it; only for a pct run whose scenario sets no maxSteps. */
  readonly pctMaxSteps?: number;
  readonly overrides?: SpecOverrides;
  readonly traceSteps?: boolean;
  /** The target to run instead of the scenario's (the library's simulate(scenario, { target })). */
  readonly target?: KvTarget;
}

export function applyOverrides(spec: RunSpec, o: SpecOverrides = {}): RunSpec {
  const f = spec.world.faults;
  return {
    ...spec,
    processes: o.processes ?? spec.processes,
    threadsPerProcess: o.threadsPerProcess ?? spec.threadsPerProcess,
    workload: {
      ...spec.workload,
      opsPerThread: o.opsPerThread ?? spec.workload.opsPerThread,
      txnSizeMax: o.txnSizeMax ?? spec.workload.txnSizeMax,
      keyCount: o.keyCount ?? spec.workload.keyCount,
    },
    world: {
      ...spec.world,
      faults: { ...f, processCrashesMax: o.processCrashesMax ?? f.processCrashesMax, powerLossesMax: o.powerLossesMax ?? f.powerLossesMax },
    },
  };
}

/** The overrides that turn `base` into `shrunk` (only the fields that differ). */
export function overridesOf(base: RunSpec, shrunk: RunSpec): SpecOverrides {
  const out: Record<string, number> = {};
  const put = (k: keyof SpecOverrides, a: number, b: number): void => {
    if (a !== b) out[k] = b;
  };
  put("processes", base.processes, shrunk.processes);
  put("threadsPerProcess", base.threadsPerProcess, shrunk.threadsPerProcess);
  put("opsPerThread", base.workload.opsPerThread, shrunk.workload.opsPerThread);
  put("txnSizeMax", base.workload.txnSizeMax, shrunk.workload.txnSizeMax);
  put("keyCount", base.workload.keyCount, shrunk.workload.keyCount);
  put("processCrashesMax", base.world.faults.processCrashesMax, shrunk.world.faults.processCrashesMax);
  put("powerLossesMax", base.world.faults.powerLossesMax, shrunk.world.faults.powerLossesMax);
  return out;
}

/**
 * Runs one seed; a bad strategy name or parameter comes back as a one-line error.
 * A pct run whose scenario sets no maxSteps gets a calibrated k (or the
 * request's pctMaxSteps), reported in the result's stats as `pctMaxSteps`.
 */
export function runSeed(req: SeedRequest): SimulationResult | string {
  const drawn = drawScenario(req.scenario, req.seed);
  if (typeof drawn === "string") return drawn;
  const s = drawn.scenario;
  const name = req.strategy ?? s.strategy.name;
  let pctMaxSteps: number | undefined;
  if (req.pctMaxSteps !== undefined && !req.decisions && !pctNeedsSteps(s, name)) {
    const why = name !== "pct" ? `this run's strategy is ${name}, not pct` : `the scenario sets strategy.maxSteps (${s.strategy.maxSteps})`;
    return `${s.file}: --pct-k: ${why}; k is recorded only for a pct run whose scenario sets no maxSteps`;
  }
  if (!req.decisions && pctNeedsSteps(s, name)) {
    const k =
      req.pctMaxSteps ??
      calibratedPctSteps(s, req.extraBugs ?? [], (seed, maxSteps) => {
        const r = runWith({ scenario: s, seed, ...(req.extraBugs ? { extraBugs: req.extraBugs } : {}), strategy: "pct" }, maxSteps);
        return typeof r === "string" ? r : r.outcome.steps;
      });
    if (typeof k === "string") return k;
    pctMaxSteps = k;
  }
  const r = runWith({ ...req, scenario: s }, pctMaxSteps);
  if (typeof r === "string") return r;
  const withK = pctMaxSteps === undefined ? r : { ...r, stats: { ...r.stats, pctMaxSteps } };
  return drawn.config ? { ...withK, config: drawn.config } : withK;
}

/** One run of an already drawn scenario (swarm ranges resolved). */
function runWith(req: SeedRequest, pctMaxSteps: number | undefined): SimulationResult | string {
  const s = req.scenario;
  const strategy = req.decisions ? replayStrategy(req.decisions) : scenarioStrategy(s, req.seed, req.strategy, pctMaxSteps);
  if (typeof strategy === "string") return `${s.file}: strategy: ${strategy}`;
  // dfs walks the schedule tree of one workload run after run; a seed is one run.
  if (isExploring(strategy)) return `${s.file}: strategy: dfs explores the schedules of one workload and cannot run seed by seed; use mvsim hunt --strategy dfs`;
  const spec = applyOverrides(scenarioRunSpec(s), req.overrides);
  const target = req.target ?? scenarioTarget(s, req.extraBugs);
  return simulate(spec, target, req.seed, { strategy, ...(req.traceSteps ? { traceSteps: true } : {}) });
}

/** What a report keeps of a simulation. */
export function seedOutcomeOf(r: SimulationResult, durationWallMs?: number): SeedOutcome {
  return {
    verdict: r.verdict,
    violations: r.violations,
    steps: r.outcome.steps,
    timeUs: r.outcome.timeUs,
    traceHash: r.outcome.traceHash,
    // Only a failing seed's schedule is reported (seedResult): copying every passing run's is waste.
    ...(r.verdict === "violation" ? { decisions: r.outcome.decisions } : {}),
    history: r.history,
    stats: r.stats,
    unknownReasons: r.unknownReasons,
    ...(r.config ? { config: r.config } : {}),
    ...(r.sometimes ? { sometimes: r.sometimes } : {}),
    ...(durationWallMs !== undefined ? { durationWallMs } : {}),
  };
}
