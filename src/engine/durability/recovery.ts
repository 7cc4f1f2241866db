// Recovery after a crash or power loss: the manifest, its run files, then the
// WAL segments' committed transactions past the checkpoint, in seq order.
// Contract: only whole transactions whose records all passed their length and
// checksum checks are applied; each segment is cut at its first bad frame and
// replay stops at the first missing seq (nothing after a hole is trusted); the
// result is what the engine rebuilds from. Reads only: openDurability then seals.
import type { Gen, Ports } from "../ports.js";
import { loadRuns } from "./checkpoint.js";
import { readManifest, type Manifest } from "./manifest.js";
import type { RunEntry } from "./run-file.js";
import { committedTxns, type CommittedTxn } from "./wal-replay.js";
import type { WalRecord } from "./wal-record.js";
import { decodeSegment, readWhole, segmentsIn } from "./wal-segments.js";

export interface RecoveredValue {
  readonly value: string;
  readonly commitTs: number;
}

export interface TailCut {
  readonly path: string;
  readonly goodBytes: number;
  readonly totalBytes: number;
  readonly reason: string;
}

export interface RecoveredState {
  /** Key → latest committed value (deleted keys absent). */
  readonly state: Map<string, RecoveredValue>;
  /** The transactions replayed from the WAL past the checkpoint, by seq. */
  readonly committed: readonly CommittedTxn[];
  readonly manifest: Manifest;
  /** Highest seq recovered (the checkpoint's if the WAL added none). */
  readonly lastSeq: number;
  readonly maxCommitTs: number;
  /** WAL paths read, by first seq. */
  readonly segments: readonly string[];
  /** Torn or corrupt tails that were cut off, and holes that stopped replay. */
  readonly cuts: readonly TailCut[];
}

export interface RecoverOptions {
  /** The torn-wal-tail-accepted defect: no length or checksum check on frames. */
  readonly bugs?: ReadonlySet<string>;
}

export function* recover(p: Ports, dir: string, options: RecoverOptions = {}): Gen<RecoveredState> {
  const checked = !options.bugs?.has("torn-wal-tail-accepted");
  const manifest = yield* readManifest(p.files, dir);
  const runs = yield* loadRuns(p.files, dir, manifest.runs, "recover.run.read");
  const state = new Map<string, RecoveredValue>();
  let maxCommitTs = manifest.maxCommitTs;
  for (const e of runs.values()) if (e.value !== null) state.set(e.key, { value: e.value, commitTs: e.commitTs });

  const segments = segmentsIn(dir, yield* p.files.list(dir, "recover.list"));
  const cuts: TailCut[] = [];
  const records: WalRecord[] = [];
  for (const s of segments) {
    const c = decodeSegment(yield* readWhole(p.files, s.path, "recover.wal.read"), checked);
    for (const r of c.records) records.push(r);
    if (c.cut !== undefined) {
      p.sometimes("wal-torn-tail-cut");
      cuts.push({ path: s.path, goodBytes: c.goodBytes, totalBytes: c.totalBytes, reason: c.cut });
    }
  }
  const committed: CommittedTxn[] = [];
  let lastSeq = manifest.checkpointSeq;
  for (const t of committedTxns(records, manifest.checkpointSeq)) {
    if (t.seq !== lastSeq + 1) {
      cuts.push({ path: dir, goodBytes: 0, totalBytes: 0, reason: `seq ${lastSeq + 1} missing; replay stops before seq ${t.seq}` });
      break;
    }
    committed.push(t);
    lastSeq = t.seq;
    maxCommitTs = Math.max(maxCommitTs, t.commitTs);
    for (const w of t.writes) {
      if (w.value === null) state.delete(w.key);
      else state.set(w.key, { value: w.value, commitTs: t.commitTs });
    }
  }
  return { state, committed, manifest, lastSeq, maxCommitTs, segments: segments.map((s) => s.path), cuts };
}

/** The recovered state as run entries (for the seal checkpoint). */
export function stateEntries(state: ReadonlyMap<string, RecoveredValue>): Map<string, RunEntry> {
  const out = new Map<string, RunEntry>();
  for (const [key, v] of state) out.set(key, { key, value: v.value, commitTs: v.commitTs });
  return out;
}
