// One simulated run: a world from a seed, processes that open the store and
// run client threads over a pre-drawn workload, crashes and power losses that
// close in-flight ops as `info` and restart processes, then the checkers.
// Contract: (spec, target, seed, strategy) ⇒ the same history, verdict and
// trace hash, byte for byte.
import { DiskError, type Ports } from "../engine/ports.js";
import { SYSTEM_PROCESS, type HistoryEvent } from "../history/events.js";
import type { Strategy, ThreadView } from "../sim/strategies/strategy.js";
import { randomStrategy } from "../sim/strategies/random.js";
import { Rng } from "../sim/rng.js";
import { rootCauseFirst, type Verdict, type Violation } from "../history/verdict.js";
import { World, type RunOutcome, type WorldOptions } from "../sim/world.js";
import { runClient } from "./client.js";
import { checkHistory, type HistoryChecks } from "./history-checks.js";
import type { KvStore, KvTarget } from "./target.js";
import type { SwarmConfig } from "./swarm.js";
import { uncausedIndeterminate } from "./uncaused-outcomes.js";
import { planWorkload, type PlannedOp, type WorkloadSpec } from "./workload.js";

export interface RunSpec {
  readonly processes: number;
  readonly threadsPerProcess: number;
  readonly workload: WorkloadSpec;
  readonly world: Omit<WorldOptions, "seed" | "strategy">;
  /** Crashed processes restart after this long; negative: they stay down. */
  readonly restartDelayUs: number;
  readonly checks: HistoryChecks;
}

export interface SimulationResult {
  readonly verdict: Verdict;
  readonly violations: readonly Violation[];
  readonly outcome: RunOutcome;
  readonly history: readonly HistoryEvent[];
  readonly stepLines: readonly string[];
  readonly stats: Readonly<Record<string, number>>;
  /** Why the verdict is unknown (a budget in steps or states ran out), when it is. */
  readonly unknownReasons: readonly string[];
  /** A swarm scenario's configuration drawn for this seed (src/harness/swarm.ts). */
  readonly config?: SwarmConfig;
  /** Rare engine events reached, by label, with how often (src/engine/sometimes.ts). */
  readonly sometimes?: Readonly<Record<string, number>>;
}

interface ClientState {
  readonly index: number;
  readonly slot: number;
  readonly plan: readonly PlannedOp[];
  next: number;
  process: number;
  pid: number;
  tid: number;
  open: HistoryEvent | null;
}

export interface SimulateOptions {
  readonly strategy?: Strategy;
  readonly traceSteps?: boolean;
}

export function simulate(spec: RunSpec, target: KvTarget, seed: bigint, options: SimulateOptions = {}): SimulationResult {
  // The run's strategy (the world's default unless given); the quiet period after
  // the run picks the lowest runnable thread instead, so a replay of recorded
  // decisions, or a dfs tree, never sees it.
  const chosen = options.strategy ?? randomStrategy(new Rng(seed).fork("scheduler"));
  const quiet = { on: false };
  const strategy: Strategy = {
    name: chosen.name,
    pick: (runnable, ctx) => (quiet.on ? runnable[0]!.tid : chosen.pick(runnable, ctx)),
    ...(chosen.onSpawn ? { onSpawn: (t: ThreadView) => (quiet.on ? undefined : chosen.onSpawn!(t)) } : {}),
  };
  const world = new World({
    ...spec.world,
    seed,
    strategy,
    ...(options.traceSteps ? { traceSteps: true } : {}),
  });
  const nClients = spec.processes * spec.threadsPerProcess;
  const plans = planWorkload(spec.workload, nClients, world.rng.fork("workload"));
  const clients: ClientState[] = plans.map((plan, index) => ({
    index,
    slot: Math.floor(index / spec.threadsPerProcess),
    plan,
    next: 0,
    process: index,
    pid: -1,
    tid: -1,
    open: null,
  }));
  const list = spec.workload.values === "list-append";
  const thinkUs = spec.workload.thinkUs ?? 0;
  let restarts = 0;
  const limited = new Set<number>(); // info ops the store blamed on its own limit (uncaused-outcomes.ts)
  /** The store each slot's latest process opened (the quiet period runs in a live one). */
  const live = new Map<number, { pid: number; store: KvStore }>();

  const closeOpen = (c: ClientState, reason: string): void => {
    if (!c.open) return;
    world.history.record({ type: "info", process: c.process, f: c.open.f, value: c.open.value, thread: c.tid, error: reason });
    c.open = null;
    c.next++;
    c.process += nClients; // a Jepsen process whose op ended in info never invokes again
  };

  const clientBody = (c: ClientState, store: KvStore, ports: Ports) =>
    runClient(
      {
        target,
        process: () => c.process,
        thread: ports.tid,
        record: (e) => world.history.record(e),
        limitReached: (info) => limited.add(info.index!),
        ...(thinkUs > 0 ? { think: () => ports.sched.sleep(thinkUs, "client.think") } : {}),
        opened: (invoke) => (c.open = invoke),
        closed: () => {
          c.open = null;
          c.next++;
        },
      },
      store.session(ports),
      c.plan,
      c.next,
      list,
    );

  const startProcess = (slot: number, delayUs: number): void => {
    // Random crashes spare a process while it opens the store: a crash during the
    // engine's first initialisation is not a state it claims to recover from.
    const pid = world.spawnProcess(`p${slot}`, { crashable: false });
    world.spawnThread(pid, `p${slot}.main`, function* (ports) {
      if (delayUs > 0) yield* ports.sched.sleep(delayUs, "restart.delay");
      let store: KvStore;
      try {
        store = yield* target.open(ports);
      } catch (e) {
        // A disk error while opening (EIO on recovery's reads or the manifest's
        // install) fails the start, as a real process would exit: it goes down
        // and starts again later, on a disk that may have healed.
        if (!(e instanceof DiskError)) throw e;
        world.crash(pid);
        if (spec.restartDelayUs >= 0) {
          restarts++;
          startProcess(slot, Math.max(1, spec.restartDelayUs));
        }
        return;
      }
      world.setCrashable(pid, true);
      live.set(slot, { pid, store });
      if (store.background) world.spawnThread(pid, `p${slot}.bg`, (p) => store.background!(p), { daemon: true });
      for (const c of clients) {
        if (c.slot !== slot || c.next >= c.plan.length) continue;
        c.pid = pid;
        c.tid = world.spawnThread(pid, `c${c.index}`, (p) => clientBody(c, store, p));
      }
    });
  };

  world.hooks = {
    onCrash: (pid) => {
      let slot = -1;
      for (const c of clients) {
        if (c.pid !== pid) continue;
        slot = c.slot;
        closeOpen(c, "process crashed");
      }
      if (slot >= 0 && spec.restartDelayUs >= 0) {
        restarts++;
        startProcess(slot, spec.restartDelayUs);
      }
    },
    onPowerLoss: () => {
      for (const c of clients) closeOpen(c, "power loss");
      if (spec.restartDelayUs < 0) return;
      for (let slot = 0; slot < spec.processes; slot++) {
        restarts++;
        startProcess(slot, spec.restartDelayUs);
      }
    },
  };

  const stopAt = spec.world.faults.faultsStopAtUs;
  if (stopAt !== undefined) {
    const nemesis = world.spawnProcess("nemesis", { crashable: false });
    world.spawnThread(nemesis, "faults-stop", function* (ports) {
      yield* ports.sched.sleep(stopAt, "faults.stop");
      // Jepsen's nemesis heals before the final phase: the disk stops failing too.
      world.disk?.stopRandomFaults?.();
      world.history.record({ type: "info", process: SYSTEM_PROCESS, f: "faults-stop", value: null });
    }, { daemon: true });
  }
  for (let slot = 0; slot < spec.processes; slot++) startProcess(slot, 0);

  const outcome = world.run();
  if (outcome.end === "done") {
    quiet.on = true;
    quiesce(world, live);
  }
  // Stopped at the time limit with clients still running: the liveness checker
  // judges what is still open at this time (an op blocked forever, e.g. on a lock
  // a dead process holds, records nothing else late). After the trace hash.
  if (outcome.end === "time-limit") world.history.record({ type: "info", process: SYSTEM_PROCESS, f: "time-limit", value: null });
  const history = world.history.all();
  const checked = outcome.end === "violation" || outcome.end === "deadlock" ? undefined : checkHistory(history, { visibility: target.visibility, ...spec.checks });
  const uncaused = outcome.end === "done" ? uncausedIndeterminate(history, world.disk?.faultsSeen?.() ?? 0, limited) : [];
  const violations = rootCauseFirst([...outcome.violations, ...(checked?.violations ?? []), ...uncaused]);
  const verdict: Verdict = violations.length > 0 ? "violation" : outcome.verdict === "unknown" || checked?.verdict === "unknown" ? "unknown" : "ok";
  return {
    verdict,
    violations,
    outcome,
    history,
    stepLines: world.stepLines,
    unknownReasons: [
      ...(outcome.end === "step-budget" ? [`the step budget of ${spec.world.stepBudgetMax} steps ran out`] : []),
      ...(checked?.unknownReasons ?? []),
    ],
    sometimes: { ...world.sometimes },
    stats: {
      steps: outcome.steps,
      timeUs: outcome.timeUs,
      events: history.length,
      restarts,
      ...(world.stats.pauses > 0 ? { pauses: world.stats.pauses, pausedUs: world.stats.pausedUs } : {}),
      ...(world.stats.buggified > 0 ? { buggified: world.stats.buggified } : {}),
      ...(checked?.stats ?? {}),
    },
  };
}

/**
 * The quiet period after a finished run: in one live process, the store
 * collects what nothing needs (its last memory sample is what the reclamation
 * checker bounds). It runs after the outcome, and so after the trace hash, was
 * taken: it adds history events but never changes a run's hash or verdict
 * except through what the checkers find in it. No faults strike in it.
 */
function quiesce(world: World, live: ReadonlyMap<number, { pid: number; store: KvStore }>): void {
  const slot = [...live.values()].find((s) => world.processes.isAlive(s.pid) && s.store.quiesce);
  if (!slot) return;
  world.setCrashable(slot.pid, false);
  world.hooks = {}; // a fault that still strikes here restarts nothing
  world.spawnThread(slot.pid, "quiesce", (p) => slot.store.quiesce!(p));
  world.run();
}
