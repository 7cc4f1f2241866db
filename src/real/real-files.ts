// The Files port on node:fs, rooted in one directory: a port path "wal/0001"
// is <root>/wal/0001, its directory is everything before the last '/'.
// Synchronous fs calls (fine inside workers); nothing yields. Errors come back
// as DiskError with the port's codes: ENOENT and ENOSPC as such, others EIO.
import {
  constants, closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readSync, renameSync, statSync,
  unlinkSync, writeSync,
} from "node:fs";
import { join } from "node:path";
import { DiskError, type DiskErrorCode, type DiskOp, type Files, type Gen } from "../engine/ports.js";

export class RealFiles implements Files {
  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  *write(path: string, offset: number, data: Uint8Array): Gen<void> {
    this.withFd(path, "write", true, (fd) => writeAll(fd, data, offset));
  }
  *append(path: string, data: Uint8Array): Gen<number> {
    // The offset is the size seen at open; one appender per file is assumed.
    return this.withFd(path, "write", true, (fd) => {
      const offset = fstatSync(fd).size;
      writeAll(fd, data, offset);
      return offset;
    });
  }
  *read(path: string, offset: number, length: number): Gen<Uint8Array> {
    return this.withFd(path, "read", false, (fd) => {
      const out = new Uint8Array(length);
      let got = 0;
      while (got < length) {
        const n = readSync(fd, out, got, length - got, offset + got);
        if (n === 0) break;
        got += n;
      }
      return got === length ? out : out.slice(0, got);
    });
  }
  *size(path: string): Gen<number> {
    return this.fs(path, "size", () => statSync(this.abs(path)).size);
  }
  *fsync(path: string): Gen<void> {
    this.withFd(path, "fsync", false, (fd) => fsyncSync(fd));
  }
  *rename(from: string, to: string): Gen<void> {
    this.fs(from, "rename", () => {
      mkdirSync(this.abs(dirOf(to)), { recursive: true });
      renameSync(this.abs(from), this.abs(to));
    });
  }
  *unlink(path: string): Gen<void> {
    this.fs(path, "unlink", () => unlinkSync(this.abs(path)));
  }
  *fsyncDir(dir: string): Gen<void> {
    this.fs(dir, "fsyncDir", () => {
      const fd = openSync(this.abs(dir), "r");
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    });
  }
  *list(dir: string): Gen<string[]> {
    return this.fs(dir, "list", () => {
      if (!existsSync(this.abs(dir))) return [];
      return readdirSync(this.abs(dir), { withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name)
        .sort();
    });
  }
  exists(path: string): boolean {
    return existsSync(this.abs(path));
  }

  private abs(path: string): string {
    return path === "" ? this.root : join(this.root, path);
  }

  private withFd<T>(path: string, op: DiskOp, create: boolean, body: (fd: number) => T): T {
    return this.fs(path, op, () => {
      if (create) mkdirSync(this.abs(dirOf(path)), { recursive: true });
      // Create without truncating: another worker may have created it meanwhile.
      const fd = openSync(this.abs(path), create ? constants.O_RDWR | constants.O_CREAT : "r");
      try {
        return body(fd);
      } finally {
        closeSync(fd);
      }
    });
  }

  private fs<T>(path: string, op: DiskOp, body: () => T): T {
    try {
      return body();
    } catch (e) {
      throw new DiskError(codeOf(e), path, op);
    }
  }
}

function writeAll(fd: number, data: Uint8Array, offset: number): void {
  let done = 0;
  while (done < data.length) done += writeSync(fd, data, done, data.length - done, offset + done);
}

function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

function codeOf(e: unknown): DiskErrorCode {
  const code = typeof e === "object" && e !== null && "code" in e ? (e as { code: unknown }).code : undefined;
  return code === "ENOENT" || code === "ENOSPC" ? code : "EIO";
}
