// A bounded FIFO channel: send blocks while full, recv blocks while empty;
// trySend reports "full" instead of waiting. After close, recv drains then
// returns undefined and send throws.
import type { Gen } from "../../engine/ports.js";

export class SimChannel<T> {
  private readonly items: T[] = [];
  private closed = false;

  constructor(
    readonly name: string,
    readonly capacity: number,
  ) {
    if (capacity < 1) throw new Error(`channel ${name}: capacity must be >= 1`);
  }

  get length(): number {
    return this.items.length;
  }

  *send(value: T): Gen<void> {
    yield {
      kind: "block",
      on: { name: `channel ${this.name} (full, ${this.capacity})`, ready: () => this.closed || this.items.length < this.capacity },
      label: `${this.name}.send`,
    };
    if (this.closed) throw new Error(`channel ${this.name}: send after close`);
    this.items.push(value);
  }

  *trySend(value: T): Gen<boolean> {
    yield { kind: "point", label: `${this.name}.try-send` };
    if (this.closed) throw new Error(`channel ${this.name}: send after close`);
    if (this.items.length >= this.capacity) return false;
    this.items.push(value);
    return true;
  }

  *recv(): Gen<T | undefined> {
    yield {
      kind: "block",
      on: { name: `channel ${this.name} (empty)`, ready: () => this.closed || this.items.length > 0 },
      label: `${this.name}.recv`,
    };
    return this.items.shift();
  }

  *close(): Gen<void> {
    yield { kind: "point", label: `${this.name}.close` };
    this.closed = true;
  }
}
