// Locks held in one 64-bit arena word by an owner id (pid and tid): the writer
// lock, the GC lock and the recovery lock. A survivor takes over a lock whose
// owner process is dead (by CAS on the exact owner id it saw).
// Contract: at most one thread holds a lock at a time, unless a bug switch
// (writer-lock-reentrant-pid, writer-lock-dead-owner) says otherwise.
import { ownerId, ownerPid } from "./layout.js";
import type { Addr, Gen, Ports } from "./ports.js";

export interface LockFlaws {
  /** Another thread of the same pid passes as if it held the lock; release by pid. */
  readonly reentrantPid?: boolean;
  /** Never take over the lock of a dead owner: wait on the word forever. */
  readonly ignoreDeadOwner?: boolean;
}

/** How long a waiter sleeps before re-checking that the owner is still alive. */
const OWNER_CHECK_US = 500;

/** "took-over": the previous owner was dead (state it guarded may be half-done). */
export type Acquired = "owner" | "took-over" | "reentrant";

/** Tries once; returns how the lock was taken, or undefined if another live thread holds it. */
export function* tryAcquireLock(ports: Ports, addr: Addr, name: string, flaws: LockFlaws = {}): Gen<Acquired | undefined> {
  const me = ownerId(ports.pid, ports.tid);
  const cur = yield* ports.mem.load64(addr, `${name}.load`);
  if (cur === me) return "reentrant";
  if (cur === 0) {
    const seen = yield* ports.mem.cas64(addr, 0, me, `${name}.acquire`);
    return seen === 0 ? "owner" : undefined;
  }
  if (flaws.reentrantPid && ownerPid(cur) === ports.pid) return "reentrant";
  if (!flaws.ignoreDeadOwner && !ports.procs.isAlive(ownerPid(cur))) {
    const seen = yield* ports.mem.cas64(addr, cur, me, `${name}.take-over`);
    return seen === cur ? "took-over" : undefined;
  }
  return undefined;
}

/** Blocks until the lock is taken (futex wait on the word, re-checking dead owners). */
export function* acquireLock(ports: Ports, addr: Addr, name: string, flaws: LockFlaws = {}): Gen<Acquired> {
  for (;;) {
    const got = yield* tryAcquireLock(ports, addr, name, flaws);
    if (got) return got;
    const cur = yield* ports.mem.load64(addr, `${name}.observe`);
    if (cur === 0) continue;
    const low = cur | 0;
    // A crash never changes the word: only the timeout lets a correct waiter
    // notice a dead owner. The flawed lock waits for a change that never comes.
    if (flaws.ignoreDeadOwner) yield* ports.mem.wait(addr, low, undefined, `${name}.wait`);
    else yield* ports.mem.wait(addr, low, OWNER_CHECK_US, `${name}.wait`);
  }
}

/** Releases a lock this thread holds (with the re-entrant flaw: any thread of the pid frees it). */
export function* releaseLock(ports: Ports, addr: Addr, name: string, flaws: LockFlaws = {}): Gen<void> {
  const me = ownerId(ports.pid, ports.tid);
  const cur = yield* ports.mem.load64(addr, `${name}.check-owner`);
  const mine = cur === me || (flaws.reentrantPid === true && cur !== 0 && ownerPid(cur) === ports.pid);
  if (!mine) return;
  yield* ports.mem.store64(addr, 0, `${name}.release`);
  yield* ports.mem.notify(addr);
}
