// The manifest names the checkpoint in force: the seq it covers, the highest
// commit ts seen, and the run files (oldest first) that hold its state. It is
// installed atomically: written to a temp file, fsynced, renamed over
// `<dir>/MANIFEST`, then the directory is fsynced. Contract: readManifest returns
// the last installed manifest, or the empty one if none was ever installed.
import type { Files, Gen } from "../ports.js";
import { ByteReader, ByteWriter } from "./byte-codec.js";
import { crc32c } from "./crc32c.js";
import { CorruptFileError } from "./durability-errors.js";
import { readWhole } from "./wal-segments.js";

export interface Manifest {
  /** Every commit with seq <= this is in the runs; the WAL holds the later ones. */
  readonly checkpointSeq: number;
  readonly maxCommitTs: number;
  /** Run file names in `dir`, oldest first (newer runs override older ones). */
  readonly runs: readonly string[];
  /** Runs ever written: names the next one, so a name is never reused while listed. */
  readonly runsWritten: number;
}

export const EMPTY_MANIFEST: Manifest = { checkpointSeq: 0, maxCommitTs: 0, runs: [], runsWritten: 0 };

export function manifestPath(dir: string): string {
  return `${dir}/MANIFEST`;
}

export function encodeManifest(m: Manifest): Uint8Array {
  const body = new ByteWriter().num(m.checkpointSeq).num(m.maxCommitTs).num(m.runsWritten).u32(m.runs.length);
  for (const r of m.runs) body.str(r);
  const b = body.finish();
  return new ByteWriter().u32(b.length).u32(crc32c(b)).bytes(b).finish();
}

export function decodeManifest(path: string, bytes: Uint8Array): Manifest {
  try {
    const head = new ByteReader(bytes);
    const len = head.u32();
    const crc = head.u32();
    if (8 + len !== bytes.length) throw new Error(`length ${len} does not match file size ${bytes.length}`);
    if (crc32c(bytes, 8) !== crc) throw new Error("checksum mismatch");
    const r = new ByteReader(bytes, 8);
    const checkpointSeq = r.num();
    const maxCommitTs = r.num();
    const runsWritten = r.num();
    const n = r.u32();
    const runs: string[] = [];
    for (let i = 0; i < n; i++) runs.push(r.str());
    if (r.remaining !== 0) throw new Error(`${r.remaining} bytes after ${n} run names`);
    return { checkpointSeq, maxCommitTs, runs, runsWritten };
  } catch (e) {
    throw new CorruptFileError(path, `manifest: ${(e as Error).message}`);
  }
}

export function* readManifest(files: Files, dir: string): Gen<Manifest> {
  const names = yield* files.list(dir, "recover.list");
  if (!names.includes("MANIFEST")) return EMPTY_MANIFEST;
  const path = manifestPath(dir);
  return decodeManifest(path, yield* readWhole(files, path, "recover.manifest.read"));
}

/** Installs `m`: temp write, fsync, rename into place, directory fsync. */
export function* installManifest(files: Files, dir: string, m: Manifest): Gen<void> {
  const tmp = `${dir}/MANIFEST-${m.checkpointSeq}.tmp`;
  // A temp left by a checkpoint that died would leave its longer tail behind ours.
  if (files.exists(tmp)) yield* files.unlink(tmp, "ckpt.manifest.unlink-stale");
  yield* files.write(tmp, 0, encodeManifest(m), "ckpt.manifest.write");
  yield* files.fsync(tmp, "ckpt.manifest.fsync");
  yield* files.rename(tmp, manifestPath(dir), "ckpt.manifest.rename");
  yield* files.fsyncDir(dir, "ckpt.dir.fsync");
}
