// The fault plan: when to crash a process or cut the power, decided before
// each step from the "faults" stream only (so the workload never shifts).
// Random faults use per-step probabilities; aimed crash points hit "the Nth
// time a thread of process P reaches a step labelled L", e.g. mid-commit.
import type { Step } from "../engine/ports.js";
import type { Rng } from "./rng.js";
import type { BuggifyOptions } from "./buggify.js";

export interface CrashPoint {
  /** Step label to aim at, e.g. "commit.stamp". */
  readonly label: string;
  /** Which arrival triggers the crash, from 1. */
  readonly nth: number;
  /** Only threads of this pid count; any process if absent. */
  readonly pid?: number;
  /** "process" crashes the thread's process; "power" cuts the machine's power. */
  readonly kind?: "process" | "power";
}

/**
 * Process pauses (Jepsen's SIGSTOP/SIGCONT, a GC pause, a VM stall): the
 * process stays alive, holding whatever it holds, but none of its threads is
 * scheduled until the pause ends. Idle simulated time is skipped, so a pause of
 * minutes costs a few steps.
 */
export interface PauseOptions {
  readonly probabilityPerStep: number;
  readonly pausesMax: number;
  /** A pause lasts a log-uniform draw in [durationUsMin, durationUsMax], cut at faultsStopAtUs. */
  readonly durationUsMin: number;
  readonly durationUsMax: number;
}

export interface FaultOptions {
  readonly processCrashProbabilityPerStep: number;
  readonly powerLossProbabilityPerStep: number;
  readonly processCrashesMax: number;
  readonly powerLossesMax: number;
  /** No random faults at or after this simulated time (liveness is judged after). */
  readonly faultsStopAtUs?: number;
  readonly crashPoints: readonly CrashPoint[];
  /** true: aimed crash points, too, stop at faultsStopAtUs (a swarm draws them without knowing when faults stop). */
  readonly crashPointsStopWithFaults?: boolean;
  /** Randomised delays at labelled engine points (sim/buggify.ts); absent: off. */
  readonly buggify?: BuggifyOptions;
  /** Absent: no pauses (and no draws from the fault stream for them). */
  readonly pause?: PauseOptions;
}

export const NO_FAULTS: FaultOptions = {
  processCrashProbabilityPerStep: 0,
  powerLossProbabilityPerStep: 0,
  processCrashesMax: 0,
  powerLossesMax: 0,
  crashPoints: [],
};

export type FaultAction =
  | { readonly kind: "none" }
  | { readonly kind: "crash"; readonly pid: number }
  | { readonly kind: "power-loss" }
  | { readonly kind: "pause"; readonly pid: number; readonly untilUs: number };

const NONE: FaultAction = { kind: "none" };

export class FaultPlan {
  private crashes = 0;
  private powerLosses = 0;
  private pauses = 0;
  /**
   * Arrivals counted per crash point key (pid or any, label): `arrivals[counterOf[i]]`
   * is crash point i's count, shared by crash points with the same key. Indices
   * fixed at construction, so a step builds no key string and does no Map lookup.
   */
  private readonly arrivals: number[];
  private readonly counterOf: number[];

  /**
   * True when no fault can ever fire: no crash points and every random fault
   * off (probability or maximum zero). `decide` then always answers none and
   * draws nothing (`chance(0)` draws nothing), so callers may skip it.
   */
  readonly idle: boolean;

  /**
   * True once `decide` can only answer none and draw nothing for the rest of
   * the run: random faults stopped (faultsStopAtUs passed) or used up, and
   * every crash point past its nth arrival (or stopped with the faults).
   * Only ever turns true (time and counts only grow), so callers may then skip
   * `decide`: the arrivals it would still count can no longer fire anything.
   */
  settled = false;
  /** Random faults used up (each off, or at its maximum): no draw is left. */
  private randomSpent = false;

  constructor(
    readonly options: FaultOptions,
    private readonly rng: Rng,
  ) {
    const o = options;
    const p = o.pause;
    this.idle =
      o.crashPoints.length === 0 &&
      !(o.powerLossesMax > 0 && o.powerLossProbabilityPerStep > 0) &&
      !(o.processCrashesMax > 0 && o.processCrashProbabilityPerStep > 0) &&
      !(p !== undefined && p.pausesMax > 0 && p.probabilityPerStep > 0);
    const keys: string[] = [];
    this.counterOf = o.crashPoints.map((cp) => {
      const key = `${cp.pid ?? "*"}:${cp.label}`;
      const at = keys.indexOf(key);
      return at >= 0 ? at : keys.push(key) - 1;
    });
    this.arrivals = keys.map(() => 0);
    this.noteCounts();
  }

  private noteCounts(): void {
    const o = this.options;
    const p = o.pause;
    this.randomSpent =
      !(this.powerLosses < o.powerLossesMax && o.powerLossProbabilityPerStep > 0) &&
      !(this.crashes < o.processCrashesMax && o.processCrashProbabilityPerStep > 0) &&
      !(p !== undefined && this.pauses < p.pausesMax && p.probabilityPerStep > 0);
  }

  /** Sets `settled` if no crash point can fire again (random faults being stopped or spent). */
  private settleIfDone(stopped: boolean): void {
    const o = this.options;
    if (!(stopped && o.crashPointsStopWithFaults)) {
      const points = o.crashPoints;
      for (let i = 0; i < points.length; i++) {
        if (!(this.arrivals[this.counterOf[i]!]! >= points[i]!.nth)) return;
      }
    }
    this.settled = true;
  }

  /** Decides the fault (if any) that strikes before `pid`'s thread takes `step`. */
  decide(pid: number, step: Step, nowUs: number, crashable: boolean): FaultAction {
    const o = this.options;
    const stopped = o.faultsStopAtUs !== undefined && nowUs >= o.faultsStopAtUs;
    if (step.label !== undefined && o.crashPoints.length > 0 && !(stopped && o.crashPointsStopWithFaults)) {
      const label = step.label;
      const points = o.crashPoints;
      for (let i = 0; i < points.length; i++) {
        const cp = points[i]!;
        if (cp.label !== label || (cp.pid !== undefined && cp.pid !== pid)) continue;
        const n = ++this.arrivals[this.counterOf[i]!]!;
        if (n === cp.nth) return cp.kind === "power" ? { kind: "power-loss" } : { kind: "crash", pid };
      }
    }
    if (stopped) {
      this.settleIfDone(true);
      return NONE;
    }
    if (this.randomSpent) {
      this.settleIfDone(false);
      return NONE;
    }
    if (this.powerLosses < o.powerLossesMax && this.rng.chance(o.powerLossProbabilityPerStep)) {
      this.powerLosses++;
      this.noteCounts();
      return { kind: "power-loss" };
    }
    if (crashable && this.crashes < o.processCrashesMax && this.rng.chance(o.processCrashProbabilityPerStep)) {
      this.crashes++;
      this.noteCounts();
      return { kind: "crash", pid };
    }
    const p = o.pause;
    if (p && crashable && this.pauses < p.pausesMax && this.rng.chance(p.probabilityPerStep)) {
      this.pauses++;
      this.noteCounts();
      const lo = Math.log(p.durationUsMin);
      const us = Math.round(Math.exp(lo + this.rng.next() * (Math.log(p.durationUsMax) - lo)));
      // Healed by the time faults stop: liveness is judged from there.
      const untilUs = o.faultsStopAtUs === undefined ? nowUs + us : Math.min(nowUs + us, o.faultsStopAtUs);
      return { kind: "pause", pid, untilUs };
    }
    return NONE;
  }
}
