// Writing a checkpoint: a sorted run file (fsynced), then a new manifest
// installed by temp write + fsync + rename + directory fsync, and only then the
// WAL segments and replaced runs it covers are unlinked. Contract: at every
// crash point either the old manifest with its runs and WAL segments, or the new
// one with its runs, is what recovery finds; nothing it needs is unlinked before
// the manifest naming its replacement is durable.
import type { Files, Gen } from "../ports.js";
import { installManifest, type Manifest } from "./manifest.js";
import { decodeRun, encodeRun, type RunEntry } from "./run-file.js";
import { pad16, readWhole } from "./wal-segments.js";

/** The n-th run ever written (n from the manifest: never a name the manifest lists). */
export function runName(n: number): string {
  return `run-${pad16(n)}.sst`;
}

/** Folds runs (oldest first) into one map, tombstones included. */
export function* loadRuns(files: Files, dir: string, runs: readonly string[], label: string): Gen<Map<string, RunEntry>> {
  const out = new Map<string, RunEntry>();
  for (const r of runs) {
    const path = `${dir}/${r}`;
    for (const e of decodeRun(path, yield* readWhole(files, path, label))) out.set(e.key, e);
  }
  return out;
}

export interface CheckpointPlan {
  readonly dir: string;
  readonly previous: Manifest;
  readonly checkpointSeq: number;
  readonly maxCommitTs: number;
  /** The latest value of each key written in (previous.checkpointSeq, checkpointSeq]. */
  readonly entries: ReadonlyMap<string, RunEntry>;
  /** WAL segment paths holding only seqs <= checkpointSeq. */
  readonly coveredSegments: readonly string[];
  /** Merge every run into one (also drops tombstones): too many runs. */
  readonly merge: boolean;
  /** `entries` is the whole state (the seal at open): it replaces every run. */
  readonly complete?: boolean;
}

export function* writeCheckpoint(files: Files, plan: CheckpointPlan): Gen<Manifest> {
  const { dir, previous } = plan;
  let entries: Iterable<RunEntry> = plan.entries.values();
  let replaced: readonly string[] = [];
  if (plan.complete) {
    entries = [...plan.entries.values()].filter((e) => e.value !== null);
    replaced = previous.runs;
  } else if (plan.merge) {
    const base = yield* loadRuns(files, dir, previous.runs, "ckpt.merge.read");
    for (const [k, e] of plan.entries) base.set(k, e);
    entries = [...base.values()].filter((e) => e.value !== null);
    replaced = previous.runs;
  }
  const name = runName(previous.runsWritten + 1);
  const path = `${dir}/${name}`;
  // A run left by a checkpoint that died before its manifest: rewrite it whole.
  if (files.exists(path)) yield* files.unlink(path, "ckpt.run.unlink-stale");
  yield* files.write(path, 0, encodeRun(entries), "ckpt.run.write");
  yield* files.fsync(path, "ckpt.run.fsync");
  const next: Manifest = {
    checkpointSeq: plan.checkpointSeq,
    maxCommitTs: Math.max(previous.maxCommitTs, plan.maxCommitTs),
    runs: replaced.length > 0 || plan.complete ? [name] : [...previous.runs, name],
    runsWritten: previous.runsWritten + 1,
  };
  yield* installManifest(files, dir, next);
  // Truncation, now that the manifest naming the run is durable. Unlinks need no
  // directory fsync: a segment that comes back holds only seqs <= checkpointSeq,
  // which recovery skips; a run that comes back is not named by the manifest.
  for (const s of plan.coveredSegments) yield* files.unlink(s, "ckpt.wal.unlink");
  for (const r of replaced) yield* files.unlink(`${dir}/${r}`, "ckpt.run.unlink");
  // The seal at open drops segments past a cut; they must not come back.
  if (plan.complete) yield* files.fsyncDir(dir, "ckpt.seal.fsyncDir");
  return next;
}
