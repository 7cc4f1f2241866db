// One seed of one scenario: the scenario's run spec (with any shrink
// overrides), its strategy (or a strict replay of recorded decisions), the
// engine target with the scenario's bug switches, then simulate().
// Contract: the same request gives the same SimulationResult, byte for byte.
import { replayStrategy } from "../sim/strategies/replay.js";
import { isExploring } from "../sim/strategies/index.js";
import { engineTarget } from "./engine-target.js";
import type { SeedOutcome } from "./run-result.js";
import type { Scenario } from "./scenario.js";
import { scenarioRunSpec, scenarioStrategy, scenarioTargetOptions } from "./scenario-run-spec.js";
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
  readonly overrides?: SpecOverrides;
  readonly traceSteps?: boolean;
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

/** Runs one seed; a bad strategy name or parameter comes back as a one-line error. */
export function runSeed(req: SeedRequest): SimulationResult | string {
  const drawn = drawScenario(req.scenario, req.seed);
  if (typeof drawn === "string") return drawn;
  const s = drawn.scenario;
  const strategy = req.decisions ? replayStrategy(req.decisions) : scenarioStrategy(s, req.seed, req.strategy);
  if (typeof strategy === "string") return `${s.file}: strategy: ${strategy}`;
  // dfs walks the schedule tree of one workload run after run; a seed is one run.
  if (isExploring(strategy)) return `${s.file}: strategy: dfs explores the schedules of one workload and cannot run seed by seed; use mvsim hunt --strategy dfs`;
  const spec = applyOverrides(scenarioRunSpec(s), req.overrides);
  const target = engineTarget(scenarioTargetOptions(s, req.extraBugs));
  const r = simulate(spec, target, req.seed, { strategy, ...(req.traceSteps ? { traceSteps: true } : {}) });
  return drawn.config ? { ...r, config: drawn.config } : r;
}

/** What a report keeps of a simulation. */
export function seedOutcomeOf(r: SimulationResult, durationWallMs?: number): SeedOutcome {
  return {
    verdict: r.verdict,
    violations: r.violations,
    steps: r.outcome.steps,
    timeUs: r.outcome.timeUs,
    traceHash: r.outcome.traceHash,
    decisions: r.outcome.decisions,
    history: r.history,
    stats: r.stats,
    unknownReasons: r.unknownReasons,
    ...(r.config ? { config: r.config } : {}),
    ...(r.sometimes ? { sometimes: r.sometimes } : {}),
    ...(durationWallMs !== undefined ? { durationWallMs } : {}),
  };
}
