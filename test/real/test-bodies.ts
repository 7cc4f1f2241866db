// Worker bodies for the real-world tests, loaded by name inside worker threads
// (through ts-worker-register.mjs, which lets workers import TS sources).
import { cowKv, cowKvLostWrite } from "../../src/real/cow-kv.js";
import { stressBodies } from "../../src/real/stress-client-body.js";
import type { WorkerBody } from "../../src/real/worker-context.js";
import { drive } from "../../src/real/worker-context.js";

interface Args {
  readonly [k: string]: number;
}

/** A CAS-loop increment of one word; returns how many CAS attempts failed. */
const casCounter: WorkerBody = ({ mem, init }) => {
  const { word, times } = init.args as Args;
  let failed = 0;
  for (let i = 0; i < times!; i++) {
    for (;;) {
      const v = drive(mem.load(word!));
      if (drive(mem.cas(word!, v, v + 1)) === v) break;
      failed++;
    }
  }
  return failed;
};

/**
 * Allocator churn: holds up to `hold` blocks of assorted sizes, each filled with
 * this worker's signature, and checks the signature before freeing (a block
 * handed to two holders would be overwritten). Ends holding `keep` blocks,
 * returned as [addr, words] for a disjointness check.
 */
const allocChurn: WorkerBody = ({ mem, init }) => {
  const { rounds, hold, keep, seed } = init.args as Args;
  let x = seed! | 1;
  const rand = (n: number): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
  const held: [number, number, number][] = [];
  let allocs = 0;
  let frees = 0;
  let corrupt = 0;
  let dirty = 0;
  const sign = (i: number): number => (init.tid << 24) | (i & 0xffffff);
  const release = (k: number): void => {
    const [addr, words, sig] = held.splice(k, 1)[0]!;
    const data = drive(mem.read(addr, words));
    if (data.some((w) => w !== sig)) corrupt++;
    drive(mem.free(addr));
    frees++;
  };
  for (let i = 0; i < rounds!; i++) {
    if (held.length >= hold! || (held.length > 0 && rand(2) === 0)) release(rand(held.length));
    const words = [1, 2, 6, 8, 30, 64, 100][rand(7)]!;
    const addr = drive(mem.alloc(words));
    allocs++;
    const data = drive(mem.read(addr, words));
    if (data.some((w) => w !== 0)) dirty++;
    const sig = sign(i);
    drive(mem.write(addr, new Array<number>(words).fill(sig)));
    held.push([addr, words, sig]);
  }
  while (held.length > keep!) release(0);
  for (const [addr, words, sig] of held) if (drive(mem.read(addr, words)).some((w) => w !== sig)) corrupt++;
  return { allocs, frees, corrupt, dirty, kept: held.map(([a, w]) => [a, w]) };
};

/** Announces (phase 1) that it is about to wait on `word` == 0, then waits. */
const futexWaiter: WorkerBody = ({ mem, setPhase, init }) => {
  const { word } = init.args as Args;
  setPhase(1);
  const result = drive(mem.wait(word!, 0, 10_000_000));
  return { result, value: drive(mem.load(word!)) };
};

/** Once worker `waiter` is in phase 1 (and a little later), sets `word` to 1 and wakes it. */
const futexWaker: WorkerBody = ({ mem, ports, init }) => {
  const { word, phase } = init.args as Args;
  while (drive(mem.load(phase!)) !== 1) drive(ports.sched.sleep(1000));
  drive(ports.sched.sleep(30_000));
  drive(mem.store(word!, 1));
  drive(mem.notify(word!));
  return "woke";
};

/** Stores 1 into words base..base+4, with a tripwire that parks it before the 3rd store. */
const parkMidway: WorkerBody = ({ mem, park, init }) => {
  const { base } = init.args as Args;
  mem.onTrip = park;
  mem.tripwire = 3;
  for (let i = 0; i < 5; i++) drive(mem.store(base! + i, 1));
  return "not parked";
};

/** Reads pid `victim`'s liveness, announces it (phase 1), then waits (bounded) for its death. */
const awaitDeath: WorkerBody = ({ ports, init, setPhase }) => {
  const { victim } = init.args as Args;
  const sawAlive = ports.procs.isAlive(victim!);
  setPhase(1);
  for (let i = 0; i < 10_000 && ports.procs.isAlive(victim!); i++) drive(ports.sched.sleep(1000));
  return { sawAlive, deadAtEnd: !ports.procs.isAlive(victim!) };
};

export const bodies: Record<string, WorkerBody> = {
  casCounter, allocChurn, futexWaiter, futexWaker, parkMidway, awaitDeath,
  ...stressBodies((name) => (name === cowKvLostWrite.name ? cowKvLostWrite : cowKv)),
};
