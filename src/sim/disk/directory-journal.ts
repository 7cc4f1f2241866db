// The namespace of the disk: a live (volatile) map of path → file object, a
// durable map, and the ordered list of entry operations (create, rename,
// unlink) not yet made durable by a directory fsync. Contract: the durable map
// always equals the live one after replaying all pending ops; `syncDir` and
// `recover` keep every op on a given name in its original order.

export interface EntryChange<F> {
  readonly path: string;
  /** The file the name now refers to, or null when the name is removed. */
  readonly file: F | null;
}

export interface EntryOp<F> {
  readonly kind: "create" | "rename" | "unlink";
  readonly changes: readonly EntryChange<F>[];
}

/** The directory of a path: everything before its last '/' ("" for none). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

export class DirectoryJournal<F> {
  private readonly live = new Map<string, F>();
  private durable = new Map<string, F>();
  private pending: EntryOp<F>[] = [];

  lookup(path: string): F | undefined {
    return this.live.get(path);
  }

  create(path: string, file: F): void {
    this.record({ kind: "create", changes: [{ path, file }] });
  }

  /** Moves `from`'s file to `to`, replacing whatever `to` named. The caller checks `from` exists. */
  rename(from: string, to: string): void {
    const file = this.live.get(from);
    if (file === undefined || from === to) return;
    this.record({ kind: "rename", changes: [{ path: to, file }, { path: from, file: null }] });
  }

  unlink(path: string): void {
    this.record({ kind: "unlink", changes: [{ path, file: null }] });
  }

  /**
   * Makes durable every pending op touching `dir`, plus every earlier op on a
   * name those touch (transitively), so no name's history is applied out of
   * order. Returns how many ops became durable.
   */
  syncDir(dir: string): number {
    const names = new Set<string>();
    const chosen = new Array<boolean>(this.pending.length).fill(false);
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const op = this.pending[i]!;
      if (op.changes.some((c) => dirOf(c.path) === dir || names.has(c.path))) {
        chosen[i] = true;
        for (const c of op.changes) names.add(c.path);
      }
    }
    const kept: EntryOp<F>[] = [];
    let synced = 0;
    this.pending.forEach((op, i) => {
      if (chosen[i]) {
        applyTo(this.durable, op);
        synced++;
      } else kept.push(op);
    });
    this.pending = kept;
    return synced;
  }

  /** Pending (un-dir-synced) ops, oldest first. */
  pendingOps(): readonly EntryOp<F>[] {
    return this.pending;
  }

  /** Power loss: the first `survivors` pending ops reached the disk; the live view becomes the disk's. */
  recover(survivors: number): void {
    for (const op of this.pending.slice(0, survivors)) applyTo(this.durable, op);
    this.pending = [];
    this.live.clear();
    for (const [path, file] of this.durable) this.live.set(path, file);
  }

  /** Live entries sorted by path. */
  liveEntries(): [string, F][] {
    return sortedEntries(this.live);
  }

  /** Durable entries sorted by path. */
  durableEntries(): [string, F][] {
    return sortedEntries(this.durable);
  }

  private record(op: EntryOp<F>): void {
    applyTo(this.live, op);
    this.pending.push(op);
  }
}

function applyTo<F>(map: Map<string, F>, op: EntryOp<F>): void {
  for (const c of op.changes) {
    if (c.file === null) map.delete(c.path);
    else map.set(c.path, c.file);
  }
}

function sortedEntries<F>(map: Map<string, F>): [string, F][] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
