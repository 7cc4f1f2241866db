// Toy key-value targets for testing the harness without the engine: one that
// is correct by brute force (a global lock makes every txn serial) and one
// that writes in place with no isolation at all.
import type { Gen, Ports } from "../../src/engine/ports.js";
import type { KvSession, KvStore, KvTarget, KvTxn } from "../../src/harness/target.js";
import { SimMutex } from "../../src/sim/sync/mutex.js";

export class ToyConflict extends Error {}

function* act(p: Ports, label: string): Gen<void> {
  yield* p.sched.point(label);
}

export function serialTarget(): KvTarget {
  const data = new Map<string, string>();
  const lock = new SimMutex("toy.global");
  let clock = 0;
  const store: KvStore = {
    session(p: Ports): KvSession {
      const single = function* <T>(fn: () => T): Gen<T> {
        yield* lock.lock(p.tid);
        yield* act(p, "toy.single");
        const r = fn();
        clock++;
        yield* lock.unlock(p.tid);
        return r;
      };
      return {
        *begin(): Gen<KvTxn> {
          yield* lock.lock(p.tid);
          // Strict visibility, as in the engine: a snapshot sees commits with ts < startTs.
          const startTs = clock + 1;
          const writes = new Map<string, string | null>();
          return {
            id: startTs * 1000 + p.tid,
            startTs,
            *get(k) {
              yield* act(p, "toy.get");
              return writes.has(k) ? writes.get(k)! : (data.get(k) ?? null);
            },
            *put(k, v) {
              yield* act(p, "toy.put");
              writes.set(k, v);
            },
            *del(k) {
              yield* act(p, "toy.del");
              writes.set(k, null);
            },
            *commit() {
              yield* act(p, "toy.commit");
              for (const [k, v] of writes) (v === null ? data.delete(k) : data.set(k, v));
              const ts = ++clock;
              yield* lock.unlock(p.tid);
              return ts;
            },
            *abort() {
              yield* lock.unlock(p.tid);
            },
          };
        },
        get: (k) => single(() => data.get(k) ?? null),
        put: (k, v) => single(() => void data.set(k, v)),
        del: (k) => single(() => void data.delete(k)),
        cas: (k, e, v) => single(() => ((data.get(k) ?? null) === e ? (data.set(k, v), true) : false)),
      };
    },
  };
  return {
    name: "toy-serial",
    visibility: "strict",
    *open(p) {
      yield* act(p, "toy.open");
      return store;
    },
    classify: (e) => (e instanceof ToyConflict ? { type: "fail", reason: "conflict" } : undefined),
  };
}

/** Reads and writes go straight to shared data, one step each: no isolation, no atomicity. */
export function dirtyTarget(): KvTarget {
  const data = new Map<string, string>();
  let clock = 0;
  const store: KvStore = {
    session(p: Ports): KvSession {
      const direct = {
        *get(k: string): Gen<string | null> {
          yield* act(p, "dirty.get");
          return data.get(k) ?? null;
        },
        *put(k: string, v: string): Gen<void> {
          yield* act(p, "dirty.put");
          data.set(k, v);
        },
        *del(k: string): Gen<void> {
          yield* act(p, "dirty.del");
          data.delete(k);
        },
      };
      return {
        ...direct,
        *begin(): Gen<KvTxn> {
          yield* act(p, "dirty.begin");
          const startTs = ++clock;
          return {
            ...direct,
            id: startTs,
            startTs,
            *commit() {
              yield* act(p, "dirty.commit");
              return ++clock;
            },
            *abort() {},
          };
        },
        *cas(k, e, v) {
          yield* act(p, "dirty.cas.read");
          const ok = (data.get(k) ?? null) === e;
          yield* act(p, "dirty.cas.write");
          if (ok) data.set(k, v);
          return ok;
        },
      };
    },
  };
  return {
    name: "toy-dirty",
    visibility: "strict",
    *open(p) {
      yield* act(p, "dirty.open");
      return store;
    },
    classify: () => undefined,
  };
}
