// The HLC ceiling on disk: one small file, `<dir>/TSCEIL`, holding the highest
// timestamp the engine may hand out before persisting a larger one. Installed
// like the manifest (temp write, fsync, rename, directory fsync), so a power
// loss leaves either the old ceiling or the new one, never a torn one.
// Contract: readHlcCeiling returns the last ceiling installed, 0 if none was.
import type { Files, Gen, Ports } from "../ports.js";
import type { TimestampLease } from "../timestamp-lease.js";
import { ByteReader, ByteWriter } from "./byte-codec.js";
import { crc32c } from "./crc32c.js";
import { CorruptFileError } from "./durability-errors.js";
import { readWhole } from "./wal-segments.js";

const NAME = "TSCEIL";
const TEMP = "TSCEIL.tmp";

export function* readHlcCeiling(files: Files, dir: string): Gen<number> {
  const names = yield* files.list(dir, "recover.list");
  if (!names.includes(NAME)) return 0;
  const path = `${dir}/${NAME}`;
  const bytes = yield* readWhole(files, path, "recover.hlc-ceiling.read");
  if (bytes.length !== 12) throw new CorruptFileError(path, `hlc ceiling: expected 12 bytes, found ${bytes.length}`);
  const r = new ByteReader(bytes);
  const crc = r.u32();
  if (crc32c(bytes, 4) !== crc) throw new CorruptFileError(path, "hlc ceiling: checksum mismatch");
  return r.num();
}

export function* installHlcCeiling(files: Files, dir: string, ceiling: number): Gen<void> {
  const body = new ByteWriter().num(ceiling).finish();
  const bytes = new ByteWriter().u32(crc32c(body)).bytes(body).finish();
  const tmp = `${dir}/${TEMP}`;
  // A temp left by a writer that died mid-install may be longer than ours.
  if (files.exists(tmp)) yield* files.unlink(tmp, "hlc-ceiling.unlink-stale");
  yield* files.write(tmp, 0, bytes, "hlc-ceiling.write");
  yield* files.fsync(tmp, "hlc-ceiling.fsync");
  yield* files.rename(tmp, `${dir}/${NAME}`, "hlc-ceiling.rename");
  yield* files.fsyncDir(dir, "hlc-ceiling.dir-fsync");
}

/** The engine's TimestampLease, kept in `dir`. */
export function fileTimestampLease(dir: string): TimestampLease {
  return {
    *persist(ports: Ports, ceiling: number): Gen<void> {
      yield* installHlcCeiling(ports.files, dir, ceiling);
    },
  };
}
