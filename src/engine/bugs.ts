// The engine's bug switches: every known defect of ../shared/ENGINE.md by name,
// a one-line description and the promise it breaks. All are off by default.
// Contract: BUG_NAMES lists all twelve; the durability ones are implemented in
// src/engine/durability/, the other eight in the engine core.
/**
 * The promises of ENGINE.md, by the names the checkers report them under.
 * The harness uses them as src/sim/verdict.ts `Property`, so the compiler keeps
 * the two vocabularies in step without the engine importing a world.
 */
export type EnginePromise =
  | "snapshot-isolation"
  | "write-conflict"
  | "atomic-visibility"
  | "reclamation"
  | "durability"
  | "linearizability"
  | "liveness"
  | "engine-error";

export interface BugInfo {
  /** What the defect does, one line. */
  readonly defect: string;
  /** The promise of ENGINE.md it breaks. */
  readonly breaks: EnginePromise;
  /** Which part of the engine carries it. */
  readonly area: "core" | "durability";
}

export const BUG_TABLE = {
  "ww-check-toctou": {
    defect: "the write-write check reads the newest version, then pushes in a second step without re-checking; two writers both pass and commit",
    breaks: "write-conflict",
    area: "core",
  },
  "fractured-commit": {
    defect: "commit stamps commit_ts version by version and readers trust only stamps; a reader or a crash half-way sees part of a txn",
    breaks: "atomic-visibility",
    area: "core",
  },
  "hp-protect-after-load": {
    defect: "a reader loads a version pointer and publishes its hazard pointer afterwards without re-checking; GC frees the node in between",
    breaks: "reclamation",
    area: "core",
  },
  "reader-slot-publish-race": {
    defect: "begin reads the clock, claims a slot (pid first), then stores snapshot_ts; GC in between ignores the slot and drops a version it needs",
    breaks: "reclamation",
    area: "core",
  },
  "gc-drops-visible-version": {
    defect: "GC keeps versions newer than the oldest snapshot (or of a current epoch) but drops the newest one older than it, which that snapshot must see",
    breaks: "reclamation",
    area: "core",
  },
  "hlc-logical-saturation": {
    defect: "the HLC logical counter saturates at 0xFFFF within one millisecond; two commits get the same timestamp, and a writer whose snapshot is a rival's commit ts passes first-committer-wins",
    breaks: "write-conflict",
    area: "core",
  },
  "writer-lock-reentrant-pid": {
    defect: "the writer lock is re-entrant per pid: two threads of one process are inside at once (the commit section asserts exclusion), and one release frees it for both",
    breaks: "write-conflict",
    area: "core",
  },
  "writer-lock-dead-owner": {
    defect: "a writer lock held by a crashed process is never released; writers wait forever",
    breaks: "liveness",
    area: "core",
  },
  "wal-apply-error-swallowed": {
    defect: "a WAL record is acknowledged but its memtable apply fails and is only logged; the write is invisible until restart",
    breaks: "linearizability",
    area: "durability",
  },
  "commit-ack-before-fsync": {
    defect: "the group-commit leader acknowledges a batch before its fsync returns",
    breaks: "durability",
    area: "durability",
  },
  "torn-wal-tail-accepted": {
    defect: "recovery accepts a torn last WAL record (no checksum or length check)",
    breaks: "durability",
    area: "durability",
  },
  "dirty-try-send-drop": {
    defect: "a dirty-key batch is dropped when the bounded channel is full; the checkpoint misses the key and a power loss loses the write",
    breaks: "durability",
    area: "durability",
  },
} as const satisfies Record<string, BugInfo>;

export type BugName = keyof typeof BUG_TABLE;

/** Every switch, sorted by name. */
export const BUG_NAMES: readonly BugName[] = (Object.keys(BUG_TABLE) as BugName[]).sort();

export function isBugName(name: string): name is BugName {
  return Object.prototype.hasOwnProperty.call(BUG_TABLE, name);
}

/** The set of switches for the correct engine. */
export const NO_BUGS: ReadonlySet<BugName> = new Set<BugName>();
