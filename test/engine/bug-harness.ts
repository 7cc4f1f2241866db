// Shared pieces of the directed bug tests: run a small scripted world with
// or without one bug switch and collect what the threads saw.
import type { BugName } from "../../src/engine/bugs.js";
import { openEngine, type Engine, type EngineConfig } from "../../src/engine/engine.js";
import type { Gen, Ports } from "../../src/engine/ports.js";
import type { RunOutcome, World } from "../../src/sim/world.js";
import { engineWorld, scriptedStrategy, type EngineWorldOptions, type Phase } from "./engine-world.js";

export type Body = (p: Ports, e: Engine, seen: unknown[]) => Gen<void>;

export interface Scenario {
  /** Threads in spawn order: name, process index, body. */
  readonly threads: readonly { readonly name: string; readonly proc?: number; readonly body: Body }[];
  readonly script: readonly Phase[];
  readonly config?: EngineConfig;
  readonly world?: EngineWorldOptions;
}

export interface ScenarioRun {
  readonly out: RunOutcome;
  readonly seen: Record<string, unknown[]>;
  readonly world: World;
}

export function runScenario(s: Scenario, bug: BugName | undefined): ScenarioRun {
  const world = engineWorld(1n, { ...s.world, strategy: scriptedStrategy(s.script) });
  const procs = new Map<number, number>();
  const seen: Record<string, unknown[]> = {};
  for (const t of s.threads) {
    const idx = t.proc ?? 0;
    if (!procs.has(idx)) procs.set(idx, world.spawnProcess(`p${idx}`));
    const log: unknown[] = (seen[t.name] = []);
    world.spawnThread(procs.get(idx)!, t.name, function* (p) {
      const e = yield* openEngine(p, { ...s.config, bugs: new Set(bug ? [bug] : []) });
      yield* t.body(p, e, log);
    });
  }
  const out = world.run();
  return { out, seen, world };
}
