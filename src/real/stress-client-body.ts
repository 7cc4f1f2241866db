// Builds the worker body of a stress client: the registry module of a stress
// run (which may import the engine; src/real may not) exports
// `bodies = { stressClient: stressClientBody(resolve) }`, where `resolve`
// turns the target name a client is given into the store to drive.
import { runStressClient, type StressClientArgs } from "./stress-client.js";
import type { TargetKind } from "./stress-target.js";
import type { WorkerBody } from "./worker-context.js";

export function stressClientBody(resolve: (name: string) => TargetKind): WorkerBody {
  return (ctx) => {
    const a = ctx.init.args as StressClientArgs;
    return runStressClient(ctx, resolve(a.target), a);
  };
}
