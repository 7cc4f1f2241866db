// The checkpointer: one daemon thread that aggregates dirty-key batches from the
// channel into the epoch ring and, whenever the WAL has rolled past an epoch,
// checkpoints the closed segments: the dirty keys' latest values as of the
// segment boundary D (replayed from those fsynced segments, so the run is an
// exact cut at D), then the WAL below D is unlinked. Contract: a key written by
// a commit <= D is in the run unless its dirty batch was lost, and a loss that
// can be seen (a hole in the seqs, a predecessor that died) makes the checkpoint
// take every key written; only one checkpointer runs (CKPT_PID is its lock).
// Values come from the WAL, not the engine's memory, because the engine makes a
// commit visible only after logCommit returns, so memory is no exact cut at D;
// with every batch delivered the dirty set equals the keys written below D.
import { DiskError, type Gen, type Ports } from "../ports.js";
import { writeCheckpoint } from "./checkpoint.js";
import { drainDirty } from "./dirty-channel.js";
import { EpochRing } from "./epoch-ring.js";
import { readManifest, type Manifest } from "./manifest.js";
import type { RunEntry } from "./run-file.js";
import { lock } from "./owner-lock.js";
import { C } from "./wal-control.js";
import type { WalCommitLog } from "./wal-commit-log.js";
import { committedTxns } from "./wal-replay.js";
import type { WalRecord } from "./wal-record.js";
import { decodeSegment, readWhole, segmentsIn } from "./wal-segments.js";

export class Checkpointer {
  private ring: EpochRing | undefined;
  private manifest: Manifest | undefined;
  checkpoints = 0;
  /** Diagnostics of this checkpointer (failed or skipped checkpoints). */
  readonly notes: string[] = [];

  constructor(readonly log: WalCommitLog) {}

  /** Takes the checkpointer role (waits while a live one holds it) and loads the manifest. */
  *start(p: Ports): Gen<void> {
    const o = this.log.options;
    const b = this.log.base;
    const before = yield* p.mem.load(b + C.CKPT_PID, "ckpt.owner.check");
    yield* lock(p, b + C.CKPT_PID, "ckpt.owner", o.pollUs);
    this.manifest = yield* readManifest(p.files, o.dir);
    this.ring = new EpochRing(o.epochSeqs, o.ringEpochs, this.manifest.checkpointSeq);
    // A predecessor drained batches into a ring that died with it: take every key once.
    if (before !== 0) this.ring.incomplete = true;
  }

  /** Runs forever (as a daemon): drain, checkpoint when an epoch closed, wait. */
  *run(p: Ports): Gen<void> {
    yield* this.start(p);
    for (;;) {
      const tick = yield* p.mem.load(this.log.base + C.CHAN_TICK, "dirty.aggregate.tick");
      if (yield* this.step(p)) continue;
      yield* p.mem.wait(this.log.base + C.CHAN_TICK, tick, this.log.options.pollUs, "dirty.aggregate.wait");
    }
  }

  /** Drains the channel, then checkpoints if the WAL rolled; true if it checkpointed. */
  *step(p: Ports): Gen<boolean> {
    yield* this.drain(p);
    const D = (yield* p.mem.load64(this.log.base + C.SEG_START, "ckpt.boundary")) - 1;
    if (D <= this.manifest!.checkpointSeq) return false;
    try {
      return yield* this.checkpoint(p, D);
    } catch (e) {
      if (!(e instanceof DiskError)) throw e;
      p.sometimes("disk-error-handled");
      // The run or manifest did not reach the disk: the old checkpoint stands; retry later.
      this.notes.push(`checkpoint to ${D} failed: ${e.message}`);
      yield* p.sched.sleep(this.log.options.pollUs, "ckpt.retry");
      // The rename may have happened before the error: resync with the manifest in
      // place, so the next run name is not one that manifest lists.
      try {
        this.manifest = yield* readManifest(p.files, this.log.options.dir);
        this.ring!.discardThrough(this.manifest.checkpointSeq);
      } catch (again) {
        if (!(again instanceof DiskError)) throw again;
      }
      return false;
    }
  }

  private *drain(p: Ports): Gen<void> {
    const ring = this.ring!;
    const detectHoles = !this.log.options.bugs.has("dirty-try-send-drop");
    for (const batch of yield* drainDirty(p, this.log.ctl, (s) => ring.accepts(s))) ring.add(batch, detectHoles);
  }

  private *checkpoint(p: Ports, D: number): Gen<boolean> {
    const o = this.log.options;
    const ring = this.ring!;
    const prev = this.manifest!;
    // Every commit <= D sent its batch before taking its seq: all are in the channel now.
    yield* this.drain(p);
    if (!o.bugs.has("dirty-try-send-drop") && ring.lastSeq < D) ring.incomplete = true;
    const all = ring.incomplete;
    const keys = ring.keysThrough(D);

    const segments = segmentsIn(o.dir, yield* p.files.list(o.dir, "ckpt.list")).filter((s) => s.firstSeq <= D);
    const records: WalRecord[] = [];
    for (const s of segments) for (const r of decodeSegment(yield* readWhole(p.files, s.path, "ckpt.wal.read"), true).records) records.push(r);
    const txns = committedTxns(records, prev.checkpointSeq).filter((t) => t.seq <= D);
    // The segments below D were fsynced whole; a hole means they are not what we think.
    if (txns.length !== D - prev.checkpointSeq || txns.some((t, i) => t.seq !== prev.checkpointSeq + 1 + i)) {
      this.notes.push(`checkpoint to ${D} skipped: WAL below it is not contiguous from ${prev.checkpointSeq + 1}`);
      return false;
    }
    const entries = new Map<string, RunEntry>();
    let maxCommitTs = 0;
    for (const t of txns) {
      maxCommitTs = Math.max(maxCommitTs, t.commitTs);
      for (const w of t.writes) if (all || keys.has(w.key)) entries.set(w.key, { key: w.key, value: w.value, commitTs: t.commitTs });
    }
    this.manifest = yield* writeCheckpoint(p.files, {
      dir: o.dir,
      previous: prev,
      checkpointSeq: D,
      maxCommitTs,
      entries,
      coveredSegments: segments.map((s) => s.path),
      merge: prev.runs.length + 1 > o.runsMax,
    });
    if (segments.length > 0) p.sometimes("wal-truncated-after-checkpoint");
    yield* p.mem.store64(this.log.base + C.CKPT_SEQ, D, "ckpt.done");
    ring.discardThrough(D);
    this.checkpoints++;
    return true;
  }
}

/** The checkpointer daemon's body: `world.spawnThread(pid, "ckpt", (p) => runCheckpointer(p, log), { daemon: true })`. */
export function* runCheckpointer(p: Ports, log: WalCommitLog): Gen<void> {
  yield* new Checkpointer(log).run(p);
}
