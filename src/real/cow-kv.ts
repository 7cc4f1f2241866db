// A small lock-free store for exercising the real world without the engine:
// the whole table of keys is an immutable arena block [ts, (value, version) per
// key]; a commit copies the current table, applies its writes and swings the
// root pointer by CAS (the single commit point, so a kill never fractures it).
// Snapshot isolation with first-committer-wins (a written key whose version is
// newer than the snapshot aborts). Old tables are never freed (readers hold no
// hazard pointers), so a long run ends in ArenaFullError: a toy, on purpose.
import { ArenaFullError, type Gen, type Ports } from "../engine/ports.js";
import type { TxnStamps } from "../history/events.js";
import type { ErrorClass, StressTarget, StressTxn, TargetKind } from "./stress-target.js";

/** Word holding the address of the current table. */
const ROOT = 0;
const NULL = -2147483648;

export class CowConflict extends Error {
  override readonly name = "CowConflict";
  constructor(readonly key: number) {
    super(`write conflict on key ${key}`);
  }
}

export const cowKv: TargetKind = cowKvKind(false);
/**
 * The same store with a planted defect: a commit of several keys silently
 * drops its last write. For showing that a stress run's checkers catch it.
 */
export const cowKvLostWrite: TargetKind = cowKvKind(true);

function cowKvKind(loseLastWrite: boolean): TargetKind {
  return {
    name: loseLastWrite ? "cow-kv-lost-write" : "cow-kv",
    visibility: "strict",
    *open(ports: Ports, keys: number): Gen<StressTarget> {
      if ((yield* ports.mem.load(ROOT)) === 0) {
        const t = yield* ports.mem.alloc(2 + 2 * keys);
        // [ts, pad, (value, version) per key]: every key absent, version 0.
        const init = new Array<number>(2 + 2 * keys).fill(0);
        init[0] = 1;
        for (let k = 0; k < keys; k++) init[2 + 2 * k] = NULL;
        yield* ports.mem.write(t, init);
        if ((yield* ports.mem.cas(ROOT, 0, t)) !== 0) yield* ports.mem.free(t);
      }
      return new CowStore(ports, keys, loseLastWrite);
    },
    classify(e: unknown): ErrorClass {
      return e instanceof CowConflict ? "conflict" : e instanceof ArenaFullError ? "arena-full" : "error";
    },
  };
}

class CowStore implements StressTarget {
  private txns = 0;
  constructor(
    private readonly ports: Ports,
    private readonly keys: number,
    private readonly loseLastWrite: boolean,
  ) {}

  *begin(): Gen<StressTxn> {
    const table = yield* this.ports.mem.load(ROOT);
    // Stamps follow the engine's strict visibility: a snapshot at `start` sees commits < start.
    const start = (yield* this.ports.mem.load(table)) + 1;
    return new CowTxn(this.ports, this.keys, table, start, (this.ports.tid << 22) + this.txns++, this.loseLastWrite);
  }
  *get(key: number): Gen<number | null> {
    const t = yield* this.begin();
    return yield* t.get(key);
  }
  *put(key: number, value: number | null): Gen<void> {
    for (;;) {
      const t = yield* this.begin();
      yield* t.put(key, value);
      try {
        return yield* t.commit();
      } catch (e) {
        if (!(e instanceof CowConflict)) throw e;
      }
    }
  }
  *cas(key: number, expected: number | null, next: number | null): Gen<boolean> {
    for (;;) {
      const t = yield* this.begin();
      if ((yield* t.get(key)) !== expected) return false;
      yield* t.put(key, next);
      try {
        yield* t.commit();
        return true;
      } catch (e) {
        if (!(e instanceof CowConflict)) throw e;
      }
    }
  }
  *maintain(): Gen<void> {}
}

class CowTxn implements StressTxn {
  private readonly writes = new Map<number, number | null>();
  private commitTs: number | undefined;

  constructor(
    private readonly ports: Ports,
    private readonly keys: number,
    private readonly table: number,
    private readonly start: number,
    private readonly id: number,
    private readonly loseLastWrite: boolean,
  ) {}

  *get(key: number): Gen<number | null> {
    if (this.writes.has(key)) return this.writes.get(key)!;
    const v = yield* this.ports.mem.load(this.table + 2 + 2 * this.slot(key));
    return v === NULL ? null : v;
  }
  *put(key: number, value: number | null): Gen<void> {
    this.slot(key);
    this.writes.set(key, value);
  }
  *commit(): Gen<void> {
    if (this.writes.size === 0) return;
    const mem = this.ports.mem;
    const words = 2 + 2 * this.keys;
    for (;;) {
      const cur = yield* mem.load(ROOT);
      const data = yield* mem.read(cur, words);
      for (const k of this.writes.keys()) if (data[3 + 2 * k]! >= this.start) throw new CowConflict(k);
      const ts = data[0]! + 1;
      data[0] = ts;
      let n = 0;
      for (const [k, v] of this.writes) {
        if (this.loseLastWrite && this.writes.size > 1 && ++n === this.writes.size) break;
        data[2 + 2 * k] = v === null ? NULL : v;
        data[3 + 2 * k] = ts;
      }
      const next = yield* mem.alloc(words);
      yield* mem.write(next, data);
      if ((yield* mem.cas(ROOT, cur, next)) === cur) {
        this.commitTs = ts;
        return;
      }
      yield* mem.free(next);
    }
  }
  *abort(): Gen<void> {
    this.writes.clear();
  }
  stamps(): TxnStamps {
    return this.commitTs === undefined ? { id: this.id, start: this.start } : { id: this.id, start: this.start, commit: this.commitTs };
  }

  private slot(key: number): number {
    if (!Number.isInteger(key) || key < 0 || key >= this.keys) throw new RangeError(`cow-kv: key ${key} outside [0, ${this.keys})`);
    return key;
  }
}
