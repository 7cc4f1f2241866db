// Version chains: per key, a newest-first list of fat nodes, each holding up to
// eight version pointers filled in order (slot 7 newest). Readers walk it under
// hazard pointers; writers push by CAS on the first empty slot (or on the head
// when the node is full), which makes the write-write check and the push one
// atomic decision: the CAS fails if anyone pushed since the check.
// Contract: a version's visibility is decided by its stamp, else by its txn's
// record (one atomic state word), so a commit is seen whole or not at all.
import { bug, type EngineCtx } from "./context.js";
import { ConflictError, EngineInvariantError } from "./errors.js";
import { clearHazard, hazardRecord, protect } from "./hazard.js";
import {
  FAT_SLOTS,
  FN,
  HP_NEXT_NODE,
  HP_NODE,
  HP_VERSION,
  KE,
  KIND_NODE,
  NODE_WORDS,
  STAMP_ABORTED,
  TXN_ABORTED,
  TXN_ACTIVE,
  TXN_COMMITTED,
  VN,
  H,
} from "./layout.js";
import { ArenaFullError, type Gen, type Ports } from "./ports.js";
import { recoverIfOwnerDead } from "./recovery-after-crash.js";
import { resolveTxn, waitTxnChange } from "./txn-table.js";
import { CapacityError } from "./errors.js";
import { readValue } from "./value-store.js";

export type VersionStatus =
  | { readonly kind: "committed"; readonly ts: number }
  | { readonly kind: "aborted" }
  | { readonly kind: "mine" }
  /**
   * Another txn's write, not yet decided. `committing`: it is in its commit
   * (its ts, once allocated, may be at or before a snapshot taken earlier);
   * `ts` is that commit ts once allocated (0 before).
   */
  | { readonly kind: "pending"; readonly txn: number; readonly committing: boolean; readonly ts: number; readonly word: number };

/** Who wrote version `v` and whether that write is committed. */
export function* versionStatus(ctx: EngineCtx, ports: Ports, v: number, myTxn: number): Gen<VersionStatus> {
  const { mem } = ports;
  const txn = yield* mem.load(v + VN.txn, "version.load-txn");
  for (let gone = 0; ; gone++) {
    if (gone > 1) throw new EngineInvariantError("stamp before free", `txn ${txn}'s record is free but version ${v} is unstamped`, "atomic-visibility");
    const stamp = yield* mem.load64(v + VN.stamp, "version.load-stamp");
    if (stamp > 0) return { kind: "committed", ts: stamp };
    if (stamp === STAMP_ABORTED) return { kind: "aborted" };
    if (txn === myTxn) return { kind: "mine" };
    // The defect trusts stamps alone: an unstamped version looks uncommitted.
    if (bug(ctx, "fractured-commit")) return { kind: "pending", txn, committing: false, ts: 0, word: -1 };
    const view = yield* resolveTxn(ctx, ports, txn);
    if (view === "gone") continue; // record freed: the stamp is written, read it again
    if (view.state === TXN_COMMITTED) return { kind: "committed", ts: view.ts };
    if (view.state === TXN_ABORTED) return { kind: "aborted" };
    const committing = view.state !== TXN_ACTIVE;
    return { kind: "pending", txn, committing, ts: committing ? view.ts : 0, word: view.word };
  }
}

/**
 * Loads a pointer from `src` and protects it in hazard slot `role`. Correct:
 * re-load after publishing the hazard and retry if it moved, so a block the
 * reclaimer may already have missed is never used.
 */
function* loadProtected(ctx: EngineCtx, ports: Ports, rec: number, src: number, role: number, label: string): Gen<number> {
  for (;;) {
    const p = yield* loadShared(ports, src, label);
    if (p <= 0) return p;
    yield* protect(ports, rec, role, p);
    if (bug(ctx, "hp-protect-after-load")) return p;
    if ((yield* ports.mem.load(src, `${label}.recheck`)) === p) return p;
    ports.sometimes("hazard-recheck-retry");
  }
}

/**
 * Loads a pointer to a block GC may unlink and free. BUGGIFY: the reader is
 * descheduled (about an OS time slice) right after the load, before it can
 * publish a hazard for it: the window hazard pointers exist for, where other
 * threads commit, GC unlinks and reclaims; the correct re-check then retries.
 */
function* loadShared(ports: Ports, src: number, label: string): Gen<number> {
  const p = yield* ports.mem.load(src, label);
  if (p > 0 && ports.buggify("read.before-protect")) yield* ports.sched.sleep(1000, "buggify.read.before-protect");
  return p;
}

export interface ReadResult {
  readonly found: boolean;
  readonly value: string | null;
}

const ABSENT: ReadResult = { found: false, value: null };

/**
 * The newest version committed at or before `snapshot` (or the caller's own
 * write). A version of a txn that is committing at or before the snapshot is
 * waited for: it may still commit, and then this snapshot must see it.
 */
export function* readAt(ctx: EngineCtx, ports: Ports, entry: number, snapshot: number, myTxn: number): Gen<ReadResult> {
  const rec = yield* hazardRecord(ctx, ports);
  let role = HP_NODE;
  let node = yield* loadProtected(ctx, ports, rec, entry + KE.chainHead, role, "read.load-head");
  try {
    while (node > 0) {
      for (let i = FAT_SLOTS - 1; i >= 0; i--) {
        // The defect (as in the seed's read path): find the visible version
        // through a bare pointer, and protect it only once found.
        const late = bug(ctx, "hp-protect-after-load");
        const src = node + FN.slots + i;
        const v = late ? yield* loadShared(ports, src, "read.load-slot") : yield* loadProtected(ctx, ports, rec, src, HP_VERSION, "read.load-slot");
        if (v <= 0) continue;
        let st = yield* versionStatus(ctx, ports, v, myTxn);
        // A commit whose ts is (or may be) at or before the snapshot: wait for its outcome.
        while (st.kind === "pending" && st.committing && (st.ts === 0 || st.ts <= snapshot)) {
          if (!(yield* recoverIfOwnerDead(ctx, ports, st.txn))) yield* waitTxnChange(ctx, ports, st.txn, st.word);
          st = yield* versionStatus(ctx, ports, v, myTxn);
        }
        const visible = st.kind === "mine" || (st.kind === "committed" && st.ts <= snapshot);
        if (!visible) continue;
        if (late) yield* protect(ports, rec, HP_VERSION, v);
        const meta = yield* ports.mem.read(v + VN.handle, 3, "read.version");
        const handle = (meta[0]! >>> 0) + meta[1]! * 2 ** 32;
        yield* checkGcHorizon(ports, snapshot);
        if (handle === 0) return { found: true, value: null };
        return { found: true, value: yield* readValue(ctx, ports, handle, meta[2]!) };
      }
      const nextRole = role === HP_NODE ? HP_NEXT_NODE : HP_NODE;
      node = yield* loadProtected(ctx, ports, rec, node + FN.next, nextRole, "read.load-next");
      role = nextRole;
    }
    yield* checkGcHorizon(ports, snapshot);
    return ABSENT;
  } finally {
    yield* clearHazard(ports, rec, HP_VERSION);
    yield* clearHazard(ports, rec, HP_NODE);
    yield* clearHazard(ports, rec, HP_NEXT_NODE);
  }
}

/**
 * A snapshot older than GC's horizon was not protected by some GC round, which
 * may have dropped the version this read should have found: the read cannot be
 * trusted. Never true when readers register before taking their snapshot
 * (reader-slots.ts); checked after the walk, so a drop during it is caught too.
 */
function* checkGcHorizon(ports: Ports, snapshot: number): Gen<void> {
  const horizon = yield* ports.mem.load64(H.gcHorizon, "read.check-horizon");
  if (horizon > snapshot) {
    throw new EngineInvariantError("snapshot protected from GC", `snapshot ${snapshot} is older than GC's horizon ${horizon}: a version it reads may be gone`, "reclamation");
  }
}

export type InstallResult = { readonly kind: "installed" } | { readonly kind: "own"; readonly version: number };

/**
 * Pushes `version` as the key's newest version unless another txn wrote the
 * key first (an undecided write, or a commit after `snapshot`): ConflictError.
 */
export function* installVersion(
  ctx: EngineCtx,
  ports: Ports,
  entry: number,
  key: string,
  version: number,
  myTxn: number,
  snapshot: number,
): Gen<InstallResult> {
  const rec = yield* hazardRecord(ctx, ports);
  try {
    for (;;) {
      const head = yield* loadProtected(ctx, ports, rec, entry + KE.chainHead, HP_NODE, "install.load-head");
      // The head's first empty slot, read together with what precedes it: the
      // push CASes exactly this slot, so it fails if anyone pushed since.
      const free = head > 0 ? (yield* ports.mem.read(head + FN.slots, FAT_SLOTS, "install.read-slots")).indexOf(0) : -1;
      const check = yield* checkNewest(ctx, ports, rec, head, free, key, myTxn, snapshot);
      if (check === "retry") continue;
      if (check !== "clear") return { kind: "own", version: check };
      if (bug(ctx, "ww-check-toctou")) {
        // The defect: the push below no longer looks at what it checked.
        yield* pushBlind(ctx, ports, rec, entry, version);
        return { kind: "installed" };
      }
      if (yield* tryPush(ports, entry, head, free, version)) return { kind: "installed" };
    }
  } finally {
    yield* clearHazard(ports, rec, HP_VERSION);
    yield* clearHazard(ports, rec, HP_NODE);
    yield* clearHazard(ports, rec, HP_NEXT_NODE);
  }
}

/** "clear" to push, the caller's own version, "retry" after recovering a dead writer; throws on conflict. */
function* checkNewest(
  ctx: EngineCtx,
  ports: Ports,
  rec: number,
  head: number,
  headFree: number,
  key: string,
  myTxn: number,
  snapshot: number,
): Gen<"clear" | "retry" | number> {
  let node = head;
  let role = HP_NODE;
  while (node > 0) {
    // In the head, slots from headFree up were empty when read: nothing to check there.
    const top = node === head && headFree >= 0 ? headFree - 1 : FAT_SLOTS - 1;
    for (let i = top; i >= 0; i--) {
      const v = yield* loadProtected(ctx, ports, rec, node + FN.slots + i, HP_VERSION, "install.check-slot");
      if (v <= 0) continue;
      const st = yield* versionStatus(ctx, ports, v, myTxn);
      if (st.kind === "aborted") continue;
      if (st.kind === "mine") return v;
      if (st.kind === "pending") {
        if (yield* recoverIfOwnerDead(ctx, ports, st.txn)) return "retry";
        throw new ConflictError(key, myTxn, `txn ${st.txn} has an undecided write`);
      }
      if (st.ts > snapshot) throw new ConflictError(key, myTxn, `committed at ${st.ts}, after snapshot ${snapshot}`);
      return "clear";
    }
    const nextRole = role === HP_NODE ? HP_NEXT_NODE : HP_NODE;
    node = yield* loadProtected(ctx, ports, rec, node + FN.next, nextRole, "install.check-next");
    role = nextRole;
  }
  return "clear";
}

/** One CAS: into the head's slot `free`, or a new head node if the head was full (free < 0). */
function* tryPush(ports: Ports, entry: number, head: number, free: number, version: number): Gen<boolean> {
  if (head > 0 && free >= 0) return (yield* ports.mem.cas(head + FN.slots + free, 0, version, "install.push")) === 0;
  const node = yield* allocNode(ports, head, version);
  if ((yield* ports.mem.cas(entry + KE.chainHead, head, node, "install.push-node")) === head) {
    yield* ports.mem.add(H.liveWords, NODE_WORDS, "stats.live-words");
    return true;
  }
  yield* ports.mem.free(node, "install.drop-node");
  return false;
}

function* pushBlind(ctx: EngineCtx, ports: Ports, rec: number, entry: number, version: number): Gen<void> {
  for (;;) {
    const head = yield* loadProtected(ctx, ports, rec, entry + KE.chainHead, HP_NODE, "install.load-head");
    const free = head > 0 ? (yield* ports.mem.read(head + FN.slots, FAT_SLOTS, "install.read-slots")).indexOf(0) : -1;
    if (yield* tryPush(ports, entry, head, free, version)) return;
  }
}

function* allocNode(ports: Ports, older: number, version: number): Gen<number> {
  let node: number;
  try {
    node = yield* ports.mem.alloc(NODE_WORDS, "install.alloc-node");
  } catch (e) {
    if (e instanceof ArenaFullError) throw new CapacityError("arena", `no room for a version node: ${e.message}`);
    throw e;
  }
  const block = new Int32Array(NODE_WORDS);
  block[FN.next] = older;
  block[FN.kind] = KIND_NODE;
  block[FN.slots] = version;
  yield* ports.mem.write(node, block, "install.init-node");
  return node;
}

/** The version `txnId` wrote in this chain, found by walking it (the seed's per-key commit); 0 if none. */
export function* findVersionOf(ctx: EngineCtx, ports: Ports, entry: number, txnId: number): Gen<number> {
  const rec = yield* hazardRecord(ctx, ports);
  let role = HP_NODE;
  let node = yield* loadProtected(ctx, ports, rec, entry + KE.chainHead, role, "stamp.load-head");
  try {
    while (node > 0) {
      for (let i = FAT_SLOTS - 1; i >= 0; i--) {
        const v = yield* loadProtected(ctx, ports, rec, node + FN.slots + i, HP_VERSION, "stamp.load-slot");
        if (v > 0 && (yield* ports.mem.load(v + VN.txn, "stamp.load-txn")) === txnId) return v;
      }
      const nextRole = role === HP_NODE ? HP_NEXT_NODE : HP_NODE;
      node = yield* loadProtected(ctx, ports, rec, node + FN.next, nextRole, "stamp.load-next");
      role = nextRole;
    }
    return 0;
  } finally {
    yield* clearHazard(ports, rec, HP_VERSION);
    yield* clearHazard(ports, rec, HP_NODE);
    yield* clearHazard(ports, rec, HP_NEXT_NODE);
  }
}
