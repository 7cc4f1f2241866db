// A toy snapshot-isolation target for the Hermitage matrix, independent of the
// engine: versions per key by commit timestamp, buffered writes, and a write
// conflict either at commit (first committer wins) or, `eager`, at the write
// when another open txn already wrote the key (as the engine's version chain).
import type { Gen, Ports } from "../../../src/engine/ports.js";
import type { KvStore, KvTarget, KvTxn } from "../../../src/harness/target.js";

export class SiToyConflict extends Error {}

export function siToyTarget(eager: boolean): KvTarget {
  const versions = new Map<string, { ts: number; value: string | null }[]>();
  /** Keys written by open txns, with the writer's id (eager conflicts). */
  const intents = new Map<string, number>();
  let clock = 0;
  let nextId = 1;
  const point = (p: Ports, label: string) => p.sched.point(label);
  const visible = (k: string, snap: number): string | null => {
    const vs = versions.get(k) ?? [];
    for (let i = vs.length - 1; i >= 0; i--) if (vs[i]!.ts < snap) return vs[i]!.value;
    return null;
  };
  const store: KvStore = {
    session(p) {
      const unsupported = (): never => {
        throw new Error("si-toy: single-key ops are not used by the Hermitage schedules");
      };
      return {
        *begin(): Gen<KvTxn> {
          yield* point(p, "si-toy.begin");
          const id = nextId++;
          const startTs = clock + 1;
          const writes = new Map<string, string | null>();
          const release = () => {
            for (const k of writes.keys()) if (intents.get(k) === id) intents.delete(k);
          };
          function* write(k: string, v: string | null): Gen<void> {
            yield* point(p, "si-toy.put");
            const holder = intents.get(k);
            if (eager && holder !== undefined && holder !== id) {
              release();
              throw new SiToyConflict(`key ${k} written by open txn ${holder}`);
            }
            intents.set(k, id);
            writes.set(k, v);
          }
          return {
            id,
            startTs,
            *get(k) {
              yield* point(p, "si-toy.get");
              return writes.has(k) ? writes.get(k)! : visible(k, startTs);
            },
            put: write,
            del: (k) => write(k, null),
            *commit() {
              yield* point(p, "si-toy.commit");
              for (const k of writes.keys()) {
                const vs = versions.get(k) ?? [];
                if (vs.length > 0 && vs[vs.length - 1]!.ts >= startTs) {
                  release();
                  throw new SiToyConflict(`key ${k} committed since the snapshot`);
                }
              }
              const ts = ++clock;
              for (const [k, v] of writes) versions.set(k, [...(versions.get(k) ?? []), { ts, value: v }]);
              release();
              return ts;
            },
            *abort() {
              yield* point(p, "si-toy.abort");
              release();
            },
          };
        },
        get: unsupported,
        put: unsupported,
        del: unsupported,
        cas: unsupported,
      };
    },
  };
  return {
    name: eager ? "si-toy-eager" : "si-toy",
    visibility: "strict",
    *open(p) {
      yield* point(p, "si-toy.open");
      return store;
    },
    classify: (e) => (e instanceof SiToyConflict ? { type: "fail", reason: "conflict" } : undefined),
  };
}
