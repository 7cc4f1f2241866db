// The worker-body registry of `mvsim stress` (workers load bodies by name) and
// the targets a stress run can drive, by name.
import { cowKv, cowKvLostWrite } from "./cow-kv.js";
import { runStressClient, type StressClientArgs } from "./stress-client.js";
import type { TargetKind } from "./stress-target.js";
import type { WorkerBody } from "./worker-context.js";

export const targets: Readonly<Record<string, TargetKind>> = { "cow-kv": cowKv, "cow-kv-lost-write": cowKvLostWrite };

export function targetByName(name: string): TargetKind {
  const t = targets[name];
  if (!t) throw new Error(`stress: unknown target "${name}" (known: ${Object.keys(targets).join(", ")})`);
  return t;
}

export const bodies: Record<string, WorkerBody> = {
  stressClient: (ctx) => {
    const a = ctx.init.args as StressClientArgs;
    return runStressClient(ctx, targetByName(a.target), a);
  },
};
