// A lock word in the arena holding its owner's pid + 1 (0 = free). A waiter that
// finds the owner's process dead takes the lock over, so a crashed process never
// holds it forever. Contract: at most one live process holds it; two threads of
// one process exclude each other too (the CAS from 0 admits one).
import type { Addr, Gen, Ports } from "../ports.js";

export function* tryLock(p: Ports, addr: Addr, label: string): Gen<boolean> {
  const seen = yield* p.mem.cas(addr, 0, p.pid + 1, label);
  if (seen === 0) return true;
  if (p.procs.isAlive(seen - 1)) return false;
  return (yield* p.mem.cas(addr, seen, p.pid + 1, `${label}.steal`)) === seen;
}

/** Waits (futex, re-checking every `pollUs` for a dead owner) until it holds the lock. */
export function* lock(p: Ports, addr: Addr, label: string, pollUs: number): Gen<void> {
  for (;;) {
    if (yield* tryLock(p, addr, label)) return;
    const owner = yield* p.mem.load(addr, `${label}.owner`);
    if (owner !== 0) yield* p.mem.wait(addr, owner, pollUs, `${label}.wait`);
  }
}

export function* unlock(p: Ports, addr: Addr, label: string): Gen<void> {
  yield* p.mem.store(addr, 0, label);
  yield* p.mem.notify(addr);
}
