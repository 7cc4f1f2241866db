// A small copy-on-write key-value store with a write-ahead log, written as an
// mvsim target against the public API only (docs/targets.md walks through it).
// Shared state lives in the simulated arena: a root of five words and one
// immutable block per committed version of the whole map (copy-on-write; old
// blocks are never freed, so a reader holding one is always safe). A commit
// takes the writer lock, checks first-committer-wins, appends its record to
// the WAL, fsyncs it, then publishes the new block. Open after a power loss
// replays the WAL (dropping a torn tail) into a fresh arena.
//
// `cowWalStore({ skipFsync: true })` is the classic defect: the commit is
// acknowledged before its record is durable (examples/cow-wal-store-no-fsync.js).
import { defineTarget } from "mvsim";

// Root words (the scenario's arena.reservedWords are the target's from the start).
const ROOT = { state: 0, lock: 1, snapshot: 2, walEnd: 3 };
const OPENING = 1;
const READY = 2;
const WAL = "cow/wal";

class Conflict extends Error {
  name = "Conflict";
}

/** A block: the version it is and the map, key -> [value, version that wrote it]. */
function* readBlock(p, addr) {
  const len = yield* p.mem.load(addr, "cow.block-len");
  const words = yield* p.mem.read(addr + 1, len, "cow.block-read");
  const { version, entries } = JSON.parse(String.fromCharCode(...words));
  return { version, map: new Map(entries) };
}

function* writeBlock(p, version, map) {
  const text = JSON.stringify({ version, entries: [...map] });
  const addr = yield* p.mem.alloc(text.length + 1, "cow.block-alloc");
  const words = [text.length];
  for (let i = 0; i < text.length; i++) words.push(text.charCodeAt(i));
  yield* p.mem.write(addr, words, "cow.block-write");
  return addr;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function checksum(bytes) {
  let h = 2166136261;
  for (const b of bytes) h = Math.imul(h ^ b, 16777619) >>> 0;
  return h;
}

function walRecord(version, writes) {
  const body = encoder.encode(JSON.stringify({ version, writes }));
  const rec = new Uint8Array(8 + body.length);
  const view = new DataView(rec.buffer);
  view.setUint32(0, body.length);
  view.setUint32(4, checksum(body));
  rec.set(body, 8);
  return rec;
}

/** The whole records at the start of `bytes` (a torn or corrupt tail ends them). */
function parseWal(bytes) {
  const records = [];
  let at = 0;
  while (at + 8 <= bytes.length) {
    const view = new DataView(bytes.buffer, bytes.byteOffset + at);
    const len = view.getUint32(0);
    if (at + 8 + len > bytes.length) break;
    const body = bytes.subarray(at + 8, at + 8 + len);
    if (checksum(body) !== view.getUint32(4)) break;
    records.push(JSON.parse(decoder.decode(body)));
    at += 8 + len;
  }
  return { records, end: at };
}

export function cowWalStore(options = {}) {
  const skipFsync = options.skipFsync === true;

  function* lock(p) {
    const me = p.pid + 1;
    for (;;) {
      const owner = yield* p.mem.cas(ROOT.lock, 0, me, "cow.lock");
      if (owner === 0) return;
      // A crashed process cannot unlock: take its lock over, then finish what it logged.
      if (!p.procs.isAlive(owner - 1) && (yield* p.mem.cas(ROOT.lock, owner, me, "cow.lock-takeover")) === owner) {
        yield* catchUp(p);
        return;
      }
      yield* p.mem.wait(ROOT.lock, owner, 1000, "cow.lock-wait");
    }
  }

  function* unlock(p) {
    yield* p.mem.store(ROOT.lock, 0, "cow.unlock");
    yield* p.mem.notify(ROOT.lock);
  }

  /** Publishes records a dead lock holder appended but did not publish (made durable first). */
  function* catchUp(p) {
    const published = yield* p.mem.load(ROOT.walEnd, "cow.wal-end");
    const size = yield* p.files.size(WAL, "cow.wal-size");
    if (size <= published) return;
    const tail = parseWal(yield* p.files.read(WAL, published, size - published, "cow.wal-tail"));
    if (tail.records.length === 0) return;
    yield* p.files.fsync(WAL, "cow.wal-fsync");
    let { version, map } = yield* readBlock(p, yield* p.mem.load(ROOT.snapshot, "cow.snapshot"));
    for (const r of tail.records) {
      map = apply(map, r);
      version = r.version;
    }
    yield* publish(p, map, version, published + tail.end);
  }

  function apply(map, record) {
    const next = new Map(map);
    for (const [k, v] of record.writes) next.set(k, [v, record.version]);
    return next;
  }

  /** One store of the root pointer makes a whole new version visible at once. */
  function* publish(p, map, version, walEnd) {
    const block = yield* writeBlock(p, version, map);
    yield* p.mem.store(ROOT.walEnd, walEnd, "cow.publish-wal-end");
    yield* p.mem.store(ROOT.snapshot, block, "cow.publish");
  }

  /** First open after a power loss (or ever): replay the WAL into a fresh arena. */
  function* recover(p) {
    let records = [];
    let end = 0;
    if (p.files.exists(WAL)) {
      const size = yield* p.files.size(WAL, "cow.recover-size");
      ({ records, end } = parseWal(yield* p.files.read(WAL, 0, size, "cow.recover-read")));
      if (end < size) {
        // Drop the torn tail for good: later records must not follow garbage.
        yield* p.files.write(`${WAL}.tmp`, 0, yield* p.files.read(WAL, 0, end, "cow.recover-keep"), "cow.recover-rewrite");
        yield* p.files.fsync(`${WAL}.tmp`, "cow.recover-fsync");
        yield* p.files.rename(`${WAL}.tmp`, WAL, "cow.recover-rename");
        yield* p.files.fsyncDir("cow", "cow.recover-fsync-dir");
      }
    }
    if (!p.files.exists(WAL)) yield* p.files.write(WAL, 0, new Uint8Array(0), "cow.wal-create");
    // The log's directory entry must be durable before any commit relies on it:
    // a commit's fsync makes the content durable, not the file's existence.
    yield* p.files.fsync(WAL, "cow.wal-create-fsync");
    yield* p.files.fsyncDir("cow", "cow.wal-create-fsync-dir");
    let map = new Map();
    let version = 0;
    for (const r of records) {
      map = apply(map, r);
      version = r.version;
    }
    yield* publish(p, map, version, end);
  }

  function* commit(p, startVersion, writes) {
    if (writes.size === 0) return startVersion;
    yield* lock(p);
    try {
      const current = yield* readBlock(p, yield* p.mem.load(ROOT.snapshot, "cow.commit-snapshot"));
      for (const k of writes.keys()) {
        const entry = current.map.get(k);
        // First committer wins: someone committed this key after our snapshot.
        if (entry && entry[1] > startVersion) throw new Conflict(`${k} was written at version ${entry[1]} after snapshot ${startVersion}`);
      }
      const version = current.version + 1;
      const record = { version, writes: [...writes] };
      const bytes = walRecord(version, record.writes);
      const at = yield* p.files.append(WAL, bytes, "cow.wal-append");
      if (!skipFsync) yield* p.files.fsync(WAL, "cow.wal-fsync");
      yield* publish(p, apply(current.map, record), version, at + bytes.length);
      return version;
    } finally {
      yield* unlock(p);
    }
  }

  function session(p) {
    function* begin() {
      // One atomic load picks the snapshot: the block it names never changes.
      const { version, map: snap } = yield* readBlock(p, yield* p.mem.load(ROOT.snapshot, "cow.begin-snapshot"));
      const writes = new Map();
      let done = false;
      return {
        id: version,
        startTs: version,
        *get(k) {
          if (writes.has(k)) return writes.get(k);
          return snap.get(k)?.[0] ?? null;
        },
        *put(k, v) {
          writes.set(k, v);
        },
        *del(k) {
          writes.set(k, null);
        },
        *commit() {
          if (done) throw new Error("transaction already finished");
          done = true;
          return yield* commit(p, version, writes);
        },
        *abort() {
          done = true;
        },
      };
    }
    let last;
    function* oneOp(body) {
      for (;;) {
        const txn = yield* begin();
        try {
          const r = yield* body(txn);
          const commit = yield* txn.commit();
          // Where the op sits among transactions: the checkers order single-key ops by it.
          last = { id: txn.id, start: txn.startTs, commit };
          return r;
        } catch (e) {
          if (!(e instanceof Conflict)) throw e;
        }
      }
    }
    return {
      begin,
      lastStamps: () => last,
      get: (k) => oneOp((t) => t.get(k)),
      put: (k, v) => oneOp((t) => t.put(k, v)),
      del: (k) => oneOp((t) => t.del(k)),
      cas: (k, expected, v) =>
        oneOp(function* (t) {
          if ((yield* t.get(k)) !== expected) return false;
          yield* t.put(k, v);
          return true;
        }),
    };
  }

  return defineTarget({
    name: skipFsync ? "cow-wal-store-no-fsync" : "cow-wal-store",
    visibility: "inclusive", // a snapshot at version v sees the commit of version v
    *open(p) {
      if ((yield* p.mem.cas(ROOT.state, 0, OPENING, "cow.claim-open")) === 0) {
        yield* recover(p);
        yield* p.mem.store(ROOT.state, READY, "cow.ready");
      } else {
        while ((yield* p.mem.load(ROOT.state, "cow.check-ready")) !== READY) yield* p.mem.wait(ROOT.state, OPENING, 1000, "cow.wait-ready");
      }
      return { session };
    },
    classify(e) {
      if (e instanceof Conflict) return { type: "fail", reason: "conflict" };
      // A disk error in a commit: the record may or may not have reached the disk.
      if (e && e.name === "DiskError") return { type: "info", reason: e.message };
      return undefined;
    },
  });
}

export default cowWalStore();
