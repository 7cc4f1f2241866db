// The process table: which simulated processes exist and which are alive.
// Invariant: a pid is never reused, so "is pid P alive" has one answer forever
// once P has died (survivors can trust it when cleaning up after P).

export interface ProcessInfo {
  readonly pid: number;
  readonly name: string;
  alive: boolean;
  /** Simulated time of death, if dead. */
  diedAtUs?: number;
}

export class ProcessTable {
  private readonly procs: ProcessInfo[] = [];

  spawn(name: string): number {
    const pid = this.procs.length + 1;
    this.procs.push({ pid, name, alive: true });
    return pid;
  }

  get(pid: number): ProcessInfo | undefined {
    return this.procs[pid - 1];
  }

  isAlive(pid: number): boolean {
    return this.procs[pid - 1]?.alive ?? false;
  }

  markDead(pid: number, atUs: number): void {
    const p = this.get(pid);
    if (p && p.alive) {
      p.alive = false;
      p.diedAtUs = atUs;
    }
  }

  alivePids(): number[] {
    return this.procs.filter((p) => p.alive).map((p) => p.pid);
  }

  all(): readonly ProcessInfo[] {
    return this.procs;
  }
}
