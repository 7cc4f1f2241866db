// A simulated mutex: acquiring is one scheduling point, runnable only while
// the mutex is free, so a thread waiting on it is blocked (and a cycle of
// waiters is reported as a deadlock naming who holds what).
import type { Gen, Waitable } from "../../engine/ports.js";

export class SimMutex {
  /** Tid of the holder; null when free. */
  private holder: number | null = null;
  private readonly waitable: Waitable;

  constructor(readonly name: string) {
    const self = this;
    this.waitable = {
      get name() {
        return `mutex ${self.name}${self.holder === null ? "" : ` (held by thread ${self.holder})`}`;
      },
      ready: () => this.holder === null,
    };
  }

  get owner(): number | null {
    return this.holder;
  }

  *lock(tid: number): Gen<void> {
    if (this.holder === tid) throw new Error(`mutex ${this.name}: thread ${tid} locks it twice`);
    yield { kind: "block", on: this.waitable, label: `${this.name}.lock` };
    this.holder = tid;
  }

  *unlock(tid: number): Gen<void> {
    yield { kind: "point", label: `${this.name}.unlock` };
    if (this.holder !== tid) throw new Error(`mutex ${this.name}: thread ${tid} unlocks it but ${this.holder} holds it`);
    this.holder = null;
  }
}
