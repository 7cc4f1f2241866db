// Shrinking a failing run. First the case: fewer processes, threads,
// operations and faults, each candidate tried on a few seeds (a smaller case
// draws a different schedule). Then the schedule: its decisions seen as
// segments of one thread running, minimised by delta debugging over context
// switches with lenient replay (a dropped switch lets the current thread run
// on). Budgets are counted in runs, never in time.
import { replayStrategy } from "../sim/strategies/replay.js";
import type { Violation } from "../history/verdict.js";
import type { RunSpec, SimulationResult } from "./simulate.js";

/** Runs one case: `decisions` given ⇒ lenient replay of them. */
export type RunCase = (spec: RunSpec, seed: bigint, decisions?: readonly number[]) => SimulationResult;

export interface ShrinkOptions {
  /** Seeds tried for each smaller case. */
  readonly seedsPerCandidate: number;
  /** Runs at most, over both phases. */
  readonly runsMax: number;
}

export interface ShrinkResult {
  readonly spec: RunSpec;
  readonly seed: bigint;
  readonly decisions: readonly number[];
  readonly violation: Violation;
  readonly runs: number;
  readonly before: ShrinkSize;
  readonly after: ShrinkSize;
}

export interface ShrinkSize {
  readonly threads: number;
  readonly ops: number;
  readonly steps: number;
  readonly switches: number;
}

/** The same failure: same property and kind. */
export function sameFailure(a: Violation, b: Violation): boolean {
  return a.property === b.property && a.kind === b.kind;
}

export function contextSwitches(decisions: readonly number[]): number {
  let n = 0;
  for (let i = 1; i < decisions.length; i++) if (decisions[i] !== decisions[i - 1]) n++;
  return n;
}

function size(spec: RunSpec, r: SimulationResult): ShrinkSize {
  const threads = spec.processes * spec.threadsPerProcess;
  return { threads, ops: threads * spec.workload.opsPerThread, steps: r.outcome.steps, switches: contextSwitches(r.outcome.decisions) };
}

function smallerSpecs(s: RunSpec): RunSpec[] {
  const out: RunSpec[] = [];
  const w = s.workload;
  const f = s.world.faults;
  if (s.processes > 1) out.push({ ...s, processes: s.processes - 1 });
  if (s.threadsPerProcess > 1) out.push({ ...s, threadsPerProcess: s.threadsPerProcess - 1 });
  if (w.opsPerThread > 1) out.push({ ...s, workload: { ...w, opsPerThread: Math.max(1, Math.floor(w.opsPerThread / 2)) } });
  if (w.opsPerThread > 1) out.push({ ...s, workload: { ...w, opsPerThread: w.opsPerThread - 1 } });
  if (w.txnSizeMax > w.txnSizeMin) out.push({ ...s, workload: { ...w, txnSizeMax: w.txnSizeMax - 1 } });
  if (w.keyCount > 1) out.push({ ...s, workload: { ...w, keyCount: Math.max(1, Math.floor(w.keyCount / 2)) } });
  if (f.processCrashesMax > 0) out.push({ ...s, world: { ...s.world, faults: { ...f, processCrashesMax: f.processCrashesMax - 1 } } });
  if (f.powerLossesMax > 0) out.push({ ...s, world: { ...s.world, faults: { ...f, powerLossesMax: f.powerLossesMax - 1 } } });
  return out;
}

export function shrink(run: RunCase, spec: RunSpec, seed: bigint, target: Violation, options: ShrinkOptions): ShrinkResult {
  let runs = 0;
  const first = run(spec, seed);
  runs++;
  const failsLike = (r: SimulationResult): Violation | undefined => r.violations.find((v) => sameFailure(v, target));
  const initial = failsLike(first);
  if (!initial) throw new Error("shrink: the run does not fail as expected; nothing to shrink");
  const before = size(spec, first);

  // Phase 1: the case.
  let best = { spec, seed, result: first, violation: initial };
  let progress = true;
  while (progress && runs < options.runsMax) {
    progress = false;
    for (const candidate of smallerSpecs(best.spec)) {
      for (let k = 0n; k < BigInt(options.seedsPerCandidate) && runs < options.runsMax; k++) {
        const s = best.seed + k;
        const r = run(candidate, s);
        runs++;
        const v = failsLike(r);
        if (v) {
          best = { spec: candidate, seed: s, result: r, violation: v };
          progress = true;
          break;
        }
      }
      if (progress) break;
    }
  }

  // Phase 2: the schedule, as segments; ddmin removes segments (context switches).
  let decisions = best.result.outcome.decisions.slice();
  let violation = best.violation;
  const check = (candidate: number[]): SimulationResult | undefined => {
    if (runs >= options.runsMax) return undefined;
    runs++;
    const r = run(best.spec, best.seed, candidate);
    return failsLike(r) ? r : undefined;
  };
  let segments = toSegments(decisions);
  let chunk = Math.max(1, Math.floor(segments.length / 2));
  while (chunk >= 1 && runs < options.runsMax) {
    let removed = false;
    for (let i = 1; i < segments.length && runs < options.runsMax; i += chunk) {
      // Keep the first segment: it pins which thread starts.
      const candidate = [...segments.slice(0, i), ...segments.slice(i + chunk)];
      const r = check(fromSegments(candidate));
      if (r) {
        decisions = r.outcome.decisions.slice();
        violation = failsLike(r)!;
        segments = toSegments(decisions);
        removed = true;
        break;
      }
    }
    if (!removed) chunk = Math.floor(chunk / 2);
  }
  const final = run(best.spec, best.seed, decisions);
  runs++;
  return {
    spec: best.spec,
    seed: best.seed,
    decisions,
    violation: failsLike(final) ?? violation,
    runs,
    before,
    after: size(best.spec, final),
  };
}

type Segment = readonly [tid: number, steps: number];

function toSegments(d: readonly number[]): Segment[] {
  const out: [number, number][] = [];
  for (const tid of d) {
    const last = out[out.length - 1];
    if (last && last[0] === tid) last[1]++;
    else out.push([tid, 1]);
  }
  return out;
}

function fromSegments(segs: readonly Segment[]): number[] {
  const out: number[] = [];
  for (const [tid, n] of segs) for (let i = 0; i < n; i++) out.push(tid);
  return out;
}

/** A RunCase over `simulate`: decisions given ⇒ lenient replay, falling back when they run out. */
export function replayingRunCase(simulateFn: (spec: RunSpec, seed: bigint, strategy?: ReturnType<typeof replayStrategy>) => SimulationResult): RunCase {
  return (spec, seed, decisions) => simulateFn(spec, seed, decisions ? replayStrategy(decisions, { lenient: true, onExhausted: "first-runnable" }) : undefined);
}
