// A condition variable over a SimMutex: wait() releases the mutex and blocks
// until a notify that happened after it began waiting, then re-acquires.
import type { Gen } from "../../engine/ports.js";
import type { SimMutex } from "./mutex.js";

export class SimCondition {
  private generation = 0;
  private readonly waiters = new Map<number, number>();

  constructor(readonly name: string) {}

  *wait(mutex: SimMutex, tid: number): Gen<void> {
    const gen = this.generation;
    this.waiters.set(tid, gen);
    yield* mutex.unlock(tid);
    yield {
      kind: "block",
      on: { name: `condition ${this.name}`, ready: () => (this.waiters.get(tid) ?? gen) !== gen },
      label: `${this.name}.wait`,
    };
    this.waiters.delete(tid);
    yield* mutex.lock(tid);
  }

  *notifyOne(): Gen<void> {
    yield { kind: "point", label: `${this.name}.notify` };
    // Wake the longest waiter: Map keeps insertion order, which is deterministic.
    for (const [tid, gen] of this.waiters) {
      if (gen === this.generation) {
        this.waiters.set(tid, gen + 1);
        return;
      }
    }
  }

  *notifyAll(): Gen<void> {
    yield { kind: "point", label: `${this.name}.notify-all` };
    this.generation++;
    for (const tid of this.waiters.keys()) this.waiters.set(tid, this.generation);
  }
}
