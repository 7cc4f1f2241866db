// Park / unpark, as in std::thread::park: each thread has one token. park()
// blocks until the token is there and consumes it; unpark(t) makes it there.
// An unpark before the park is not lost.
import type { Gen } from "../../engine/ports.js";

export class SimParker {
  private readonly tokens = new Set<number>();

  constructor(readonly name: string) {}

  *park(tid: number): Gen<void> {
    yield { kind: "block", on: { name: `park ${this.name} (thread ${tid})`, ready: () => this.tokens.has(tid) }, label: `${this.name}.park` };
    this.tokens.delete(tid);
  }

  *unpark(tid: number): Gen<void> {
    yield { kind: "point", label: `${this.name}.unpark` };
    this.tokens.add(tid);
  }
}
