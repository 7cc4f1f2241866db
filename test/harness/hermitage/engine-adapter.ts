// A minimal KvTarget over the engine for the Hermitage matrix, used only while
// src/harness/engine-target.ts (the lead's adapter) does not exist: one engine
// per target in the world's arena, in-memory commit log, no background work.
import type { Gen, Ports } from "../../../src/engine/ports.js";
import type { BugName } from "../../../src/engine/bugs.js";
import { openEngine, type Engine } from "../../../src/engine/engine.js";
import { CapacityError, ConflictError, TxnStateError } from "../../../src/engine/errors.js";
import type { KvSession, KvStore, KvTarget, KvTxn } from "../../../src/harness/target.js";

export function engineAdapter(options: { bugs?: ReadonlySet<string> } = {}): KvTarget {
  const bugs = options.bugs as ReadonlySet<BugName> | undefined;
  const store = (engine: Engine): KvStore => ({
    session(p: Ports): KvSession {
      return {
        *begin(): Gen<KvTxn> {
          const txn = yield* engine.begin(p);
          return {
            id: txn.id,
            startTs: txn.startTs,
            get: (k) => txn.get(p, k),
            put: (k, v) => txn.put(p, k, v),
            del: (k) => txn.delete(p, k),
            commit: () => txn.commit(p),
            abort: () => txn.abort(p),
          };
        },
        get: (k) => engine.get(p, k),
        *put(k, v) {
          yield* engine.put(p, k, v);
        },
        *del(k) {
          yield* engine.delete(p, k);
        },
        cas: (k, e, v) => engine.cas(p, k, e, v),
      };
    },
  });
  return {
    name: bugs && bugs.size > 0 ? `engine-adapter+${[...bugs].join("+")}` : "engine-adapter",
    *open(p) {
      return store(yield* openEngine(p, bugs ? { bugs } : {}));
    },
    classify(e) {
      if (e instanceof ConflictError) return { type: "fail", reason: "conflict" };
      if (e instanceof TxnStateError) return { type: "fail", reason: "txn-state" };
      if (e instanceof CapacityError) return { type: "fail", reason: "capacity" };
      return undefined;
    },
  };
}
