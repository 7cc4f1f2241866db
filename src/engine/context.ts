// What every engine function of one process needs besides its thread's ports:
// the arena layout, the bug switches, the durability seams and process-local
// caches (which hazard record each thread owns).
// Contract: nothing here is shared state; shared state lives only in the arena.
import type { BugName } from "./bugs.js";
import type { CommitLog } from "./commit-log.js";
import type { EngineLayout } from "./layout.js";
import type { Gen, Ports } from "./ports.js";
import type { TimestampLease } from "./timestamp-lease.js";

export interface EngineCtx {
  readonly layout: EngineLayout;
  readonly bugs: ReadonlySet<BugName>;
  readonly commitLog: CommitLog;
  /** Durable bound on allocated timestamps; absent for an in-memory engine. */
  readonly timestampLease?: TimestampLease;
  /** Called once per written key after its commit is visible (dirty tracking). */
  readonly onWrite?: (ports: Ports, key: string) => Gen<void>;
  /** tid → address of the hazard record that thread owns. */
  readonly hazardRecordOf: Map<number, number>;
}

export function bug(ctx: EngineCtx, name: BugName): boolean {
  return ctx.bugs.has(name);
}
