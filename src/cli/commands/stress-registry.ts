// The registry `mvsim stress` workers load (src/real/stress-client-body.ts):
// the engine adapted as a stress target, the toy stores, and `bodies`. Kept
// apart from the command so a worker (and each restart's spare) loads the
// engine and src/real only, not the checkers and report writers.
import { BUG_NAMES, isBugName, type BugName } from "../../engine/bugs.js";
import { openEngine, type Engine } from "../../engine/engine.js";
import { CapacityError, ConflictError, TxnStateError } from "../../engine/errors.js";
import { ArenaFullError, type Gen, type Ports } from "../../engine/ports.js";
import type { Txn } from "../../engine/transaction.js";
import { cowKv, cowKvLostWrite } from "../../real/cow-kv.js";
import { stressBodies } from "../../real/stress-client-body.js";
import type { ErrorClass, StressTarget, StressTxn, TargetKind } from "../../real/stress-target.js";
import type { WorkerBody } from "../../real/worker-context.js";
import { UsageError } from "../args.js";

/** The engine as a stress target; `bugs` switch on its planted defects. */
export function engineTarget(bugs: readonly BugName[]): TargetKind {
  return {
    name: bugs.length === 0 ? "engine" : `engine:${bugs.join(",")}`,
    // A snapshot sees commits at or before its ts (version-chain.ts readAt).
    visibility: "inclusive",
    *open(ports: Ports): Gen<StressTarget> {
      // Sized for up to ~60 threads; only the first opener's config counts.
      const engine = yield* openEngine(ports, {
        bugs: new Set(bugs), readerSlots: 64, txnSlots: 64, hazardRecords: 64, keysMax: 4096, valueSegments: 256,
      });
      return new EngineStore(engine, ports);
    },
    classify(e: unknown): ErrorClass {
      if (e instanceof ConflictError) return "conflict";
      if (e instanceof TxnStateError && e.state.startsWith("doomed")) return "conflict";
      if (e instanceof CapacityError || e instanceof ArenaFullError) return "arena-full";
      return "error";
    },
  };
}

const key = (k: number): string => `k${k}`;
const fromText = (v: string | null): number | null => (v === null ? null : Number(v));

class EngineStore implements StressTarget {
  constructor(
    private readonly engine: Engine,
    private readonly ports: Ports,
  ) {}
  *begin(): Gen<StressTxn> {
    return new EngineTxn(yield* this.engine.begin(this.ports), this.ports);
  }
  *get(k: number): Gen<number | null> {
    return fromText(yield* this.engine.get(this.ports, key(k)));
  }
  *put(k: number, v: number | null): Gen<void> {
    if (v === null) yield* this.engine.delete(this.ports, key(k));
    else yield* this.engine.put(this.ports, key(k), String(v));
  }
  *cas(k: number, expected: number | null, next: number | null): Gen<boolean> {
    if (next === null) throw new RangeError("stress: the engine's cas cannot delete");
    return yield* this.engine.cas(this.ports, key(k), expected === null ? null : String(expected), String(next));
  }
  *maintain(): Gen<void> {
    yield* this.engine.recover(this.ports);
    yield* this.engine.gc(this.ports);
  }
}

class EngineTxn implements StressTxn {
  constructor(
    private readonly txn: Txn,
    private readonly ports: Ports,
  ) {}
  *get(k: number): Gen<number | null> {
    return fromText(yield* this.txn.get(this.ports, key(k)));
  }
  *put(k: number, v: number | null): Gen<void> {
    if (v === null) yield* this.txn.delete(this.ports, key(k));
    else yield* this.txn.put(this.ports, key(k), String(v));
  }
  *commit(): Gen<void> {
    yield* this.txn.commit(this.ports);
  }
  *abort(): Gen<void> {
    if (this.txn.state === "active" || this.txn.state === "doomed") yield* this.txn.abort(this.ports);
  }
  stamps(): { id: number; start: number; commit?: number } {
    return this.txn.stamps();
  }
}

/** Target names: "engine", "engine:bug,bug", "cow-kv", "cow-kv-lost-write". */
export function stressTarget(name: string): TargetKind {
  if (name === "cow-kv") return cowKv;
  if (name === "cow-kv-lost-write") return cowKvLostWrite;
  const [base, list] = name.split(":", 2);
  if (base !== "engine") throw new UsageError(`--target expects engine, cow-kv or cow-kv-lost-write, got "${name}"`);
  const bugs = (list ?? "").split(",").filter((b) => b !== "");
  for (const b of bugs) if (!isBugName(b)) throw new UsageError(`--bug: unknown bug "${b}" (known: ${BUG_NAMES.join(", ")})`);
  return engineTarget(bugs as BugName[]);
}

/** The registry the stress workers load (see src/real/stress-client-body.ts). */
export const bodies: Record<string, WorkerBody> = stressBodies(stressTarget);

/** This module's URL, built (.js) or run from sources (.ts), for the coordinator. */
export const STRESS_REGISTRY: URL = new URL(import.meta.url);
