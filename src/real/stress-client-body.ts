// The worker bodies of a stress run: the registry module of a run (which may
// import the engine; src/real may not) exports `bodies = stressBodies(resolve)`,
// where `resolve` turns the target name a worker is given into the store.
import { runFinalReader, runStressClient, type StressClientArgs } from "./stress-client.js";
import type { TargetKind } from "./stress-target.js";
import type { WorkerBody } from "./worker-context.js";

export function stressBodies(resolve: (name: string) => TargetKind): Record<string, WorkerBody> {
  return {
    stressClient: (ctx) => {
      const a = ctx.init.args as StressClientArgs;
      return runStressClient(ctx, resolve(a.target), a);
    },
    finalReader: (ctx) => {
      const a = ctx.init.args as StressClientArgs;
      return runFinalReader(ctx, resolve(a.target), a);
    },
  };
}
