// The simulated disk: inode-style files with a durable layer (what survives power
// loss) and a live layer (the page cache reads see), a journaled namespace, seeded
// faults and power loss. Contract: operations here are synchronous and atomic; the
// `Files` port (files-port.ts) adds the scheduling point and latency around them.
// A process crash does not touch the disk; only `powerLoss()` does.
import { DiskError, type DiskErrorCode, type DiskOp, type Files } from "../../engine/ports.js";
import type { Rng } from "../rng.js";
import { DirectoryJournal, dirOf } from "./directory-journal.js";
import { DiskFaults, type InjectedFault } from "./disk-faults.js";
import { resolveDiskOptions, type DiskOptions } from "./disk-options.js";
import { FileBytes } from "./file-bytes.js";
import { simFiles } from "./files-port.js";
import { survivingPrefix, writesThatReachedDisk, type PendingWrite } from "./power-loss.js";
import { corruptSector } from "./sector-corruption.js";

/** A file object (an inode): names in the journal refer to it. */
export interface SimFile {
  readonly id: number;
  live: FileBytes;
  durable: FileBytes;
  /** Writes since the last fsync, oldest first; `seq` orders them for concurrent fsyncs. */
  pending: (PendingWrite & { readonly seq: number })[];
  nextSeq: number;
  /** Latent bad sectors found by reads; a write over a sector remaps it. */
  readonly badSectors: Set<number>;
}

/** What an fsync started on: completing it makes durable the writes up to `seq`. */
export interface FsyncTicket {
  readonly path: string;
  readonly file: SimFile;
  readonly upToSeq: number;
  readonly epoch: number;
}

export interface FileImage {
  readonly path: string;
  readonly data: Uint8Array;
}

/** Both layers of the disk, each sorted by path. */
export interface DiskSnapshot {
  readonly volatile: FileImage[];
  readonly durable: FileImage[];
}

export interface DiskCounters {
  writes: number;
  bytesWritten: number;
  reads: number;
  fsyncs: number;
  fsyncDirs: number;
  powerLosses: number;
  /** Unsynced writes that reached the disk at a power loss (torn ones included). */
  unsyncedWritesSurvived: number;
  unsyncedWritesLost: number;
  tornWrites: number;
  /** Un-dir-synced creates/renames/unlinks undone by a power loss. */
  entryOpsReverted: number;
  /** Unsynced writes dropped by a failed fsync: in the page cache, never on disk. */
  writesLostToFsyncError: number;
  /** Reads that returned at least one corrupted sector. */
  corruptedReads: number;
  /** Errors injected, by code (ENOENT counts only injected ones, not missing files). */
  faultsInjected: Record<DiskErrorCode, number>;
}

export class SimDisk {
  readonly options: DiskOptions;
  private readonly journal = new DirectoryJournal<SimFile>();
  private readonly faults: DiskFaults;
  private readonly powerRng: Rng;
  private nextFileId = 1;
  private usedBytes = 0;
  /** Bumped by each power loss, so an fsync in flight across one does nothing. */
  private epoch = 0;
  private readonly stats: DiskCounters = {
    writes: 0, bytesWritten: 0, reads: 0, fsyncs: 0, fsyncDirs: 0, powerLosses: 0,
    unsyncedWritesSurvived: 0, unsyncedWritesLost: 0, tornWrites: 0, entryOpsReverted: 0,
    writesLostToFsyncError: 0, corruptedReads: 0, faultsInjected: { EIO: 0, ENOSPC: 0, ENOENT: 0 },
  };

  constructor(options: Partial<DiskOptions>, rng: Rng, readonly clock: { monotonicUs(): number }) {
    this.options = resolveDiskOptions(options);
    this.faults = new DiskFaults(this.options, rng.fork("faults"));
    this.powerRng = rng.fork("power-loss");
  }

  /** Random disk faults end (the run's faults stop); aimed ones and corrupt sectors stay. */
  stopRandomFaults(): void {
    this.faults.stop();
  }

  /** The `Files` port; one object serves every thread. */
  files(): Files {
    return simFiles(this);
  }

  /** Arms a one-shot fault: the next matching op fails with `code`. */
  injectNext(fault: InjectedFault): void {
    this.faults.injectNext(fault);
  }

  faultsSeen(): number {
    const f = this.stats.faultsInjected;
    return f.EIO + f.ENOSPC + f.ENOENT + this.stats.corruptedReads;
  }

  counters(): DiskCounters {
    return { ...this.stats, faultsInjected: { ...this.stats.faultsInjected } };
  }

  exists(path: string): boolean {
    return this.journal.lookup(path) !== undefined;
  }

  write(path: string, offset: number, data: Uint8Array): void {
    if (!Number.isInteger(offset) || offset < 0) {
      throw new Error(`SimDisk.write ${path}: offset: expected an integer >= 0, got ${offset}`);
    }
    this.failIfFaulted("write", path);
    const existing = this.journal.lookup(path);
    const size = existing?.live.length ?? 0;
    const growth = Math.max(0, offset + data.length - size);
    if (this.usedBytes + growth > this.options.capacityBytes) this.fail("ENOSPC", path, "write");
    const file = existing ?? this.createFile(path);
    file.live.writeAt(offset, data);
    file.pending.push({ offset, data: data.slice(), seq: file.nextSeq++ });
    this.remapSectors(file, offset, data.length);
    this.usedBytes += growth;
    this.stats.writes++;
    this.stats.bytesWritten += data.length;
  }

  /** Appends at the current end of file; returns the offset written at. */
  append(path: string, data: Uint8Array): number {
    const offset = this.journal.lookup(path)?.live.length ?? 0;
    this.write(path, offset, data);
    return offset;
  }

  read(path: string, offset: number, length: number): Uint8Array {
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(length) || length < 0) {
      throw new Error(`SimDisk.read ${path}: expected integer offset and length >= 0, got ${offset}, ${length}`);
    }
    this.failIfFaulted("read", path);
    const file = this.mustFind(path, "read");
    this.stats.reads++;
    const out = file.live.read(offset, length);
    if (out.length > 0 && this.corruptRange(file, path, offset, out)) this.stats.corruptedReads++;
    return out;
  }

  size(path: string): number {
    this.failIfFaulted("size", path);
    return this.mustFind(path, "size").live.length;
  }

  /** Starts an fsync: it will cover the writes made so far. */
  beginFsync(path: string): FsyncTicket {
    const file = this.mustFind(path, "fsync");
    return { path, file, upToSeq: file.nextSeq - 1, epoch: this.epoch };
  }

  /**
   * Completes an fsync. On EIO, following Linux since 4.13, the covered dirty
   * pages are marked clean without reaching the disk: reads still see them, a
   * later fsync succeeds without writing them, and a power loss reverts them.
   */
  completeFsync(ticket: FsyncTicket): void {
    if (ticket.epoch !== this.epoch) return;
    const { file } = ticket;
    const covered = file.pending.filter((w) => w.seq <= ticket.upToSeq);
    file.pending = file.pending.filter((w) => w.seq > ticket.upToSeq);
    const code = this.faults.decide("fsync", ticket.path);
    if (code !== undefined) {
      this.stats.writesLostToFsyncError += covered.length;
      this.fail(code, ticket.path, "fsync", true);
    }
    for (const w of covered) file.durable.writeAt(w.offset, w.data);
    this.stats.fsyncs++;
  }

  /** Makes the entry changes in `dir` durable (the latency, if any, is waited before). */
  fsyncDir(dir: string): void {
    this.failIfFaulted("fsyncDir", dir);
    this.journal.syncDir(dir);
    this.stats.fsyncDirs++;
  }

  rename(from: string, to: string): void {
    this.failIfFaulted("rename", from);
    this.mustFind(from, "rename");
    const replaced = this.journal.lookup(to);
    if (replaced !== undefined && from !== to) this.usedBytes -= replaced.live.length;
    this.journal.rename(from, to);
  }

  unlink(path: string): void {
    this.failIfFaulted("unlink", path);
    this.usedBytes -= this.mustFind(path, "unlink").live.length;
    this.journal.unlink(path);
  }

  /** Sorted names (the part after the directory's '/') of the files directly in `dir`. */
  list(dir: string): string[] {
    this.failIfFaulted("list", dir);
    const skip = dir === "" ? 0 : dir.length + 1;
    return this.journal.liveEntries().filter(([p]) => dirOf(p) === dir).map(([p]) => p.slice(skip));
  }

  /**
   * The power goes: a seeded prefix of the un-dir-synced entry ops survives;
   * every file still named keeps its durable content plus a seeded prefix of its
   * unsynced writes (the last maybe torn); the page cache becomes that content.
   */
  powerLoss(): void {
    this.epoch++;
    this.stats.powerLosses++;
    const o = this.options;
    const pendingOps = this.journal.pendingOps().length;
    const survivors = survivingPrefix(pendingOps, o.unsyncedEntryOpSurvivalProbability, this.powerRng);
    this.stats.entryOpsReverted += pendingOps - survivors;
    this.journal.recover(survivors);
    const seen = new Set<number>();
    this.usedBytes = 0;
    for (const [, file] of this.journal.liveEntries()) {
      if (seen.has(file.id)) continue;
      seen.add(file.id);
      const reached = writesThatReachedDisk(
        file.pending, o.unsyncedWriteSurvivalProbability, o.tornWriteProbability, o.sectorBytes, this.powerRng,
      );
      for (const w of reached.writes) file.durable.writeAt(w.offset, w.data);
      this.stats.unsyncedWritesSurvived += reached.writes.length;
      this.stats.unsyncedWritesLost += file.pending.length - reached.writes.length;
      if (reached.torn) this.stats.tornWrites++;
      file.pending = [];
      file.live = file.durable.clone();
      this.usedBytes += file.live.length;
    }
  }

  /** Copies of both layers, sorted by path: for tests, checkers and trace hashing. */
  snapshot(): DiskSnapshot {
    return {
      volatile: this.journal.liveEntries().map(([path, f]) => ({ path, data: f.live.view().slice() })),
      durable: this.journal.durableEntries().map(([path, f]) => ({ path, data: f.durable.view().slice() })),
    };
  }

  private createFile(path: string): SimFile {
    const file: SimFile = {
      id: this.nextFileId++, live: new FileBytes(), durable: new FileBytes(),
      pending: [], nextSeq: 1, badSectors: new Set(),
    };
    this.journal.create(path, file);
    return file;
  }

  private mustFind(path: string, op: DiskOp): SimFile {
    const file = this.journal.lookup(path);
    if (file === undefined) throw new DiskError("ENOENT", path, op);
    return file;
  }

  private failIfFaulted(op: DiskOp, path: string): void {
    const code = this.faults.decide(op, path);
    if (code !== undefined) this.fail(code, path, op, true);
  }

  private fail(code: DiskErrorCode, path: string, op: DiskOp, injected = code === "ENOSPC"): never {
    if (injected) this.stats.faultsInjected[code]++;
    throw new DiskError(code, path, op);
  }

  /** A rewrite of a sector remaps a latent bad one. */
  private remapSectors(file: SimFile, offset: number, length: number): void {
    if (file.badSectors.size === 0 || length === 0) return;
    const s = this.options.sectorBytes;
    for (let i = Math.floor(offset / s); i <= Math.floor((offset + length - 1) / s); i++) file.badSectors.delete(i);
  }

  /** Overlays corrupted bad sectors onto `out` (the bytes read at `offset`); true if any. */
  private corruptRange(file: SimFile, path: string, offset: number, out: Uint8Array): boolean {
    const s = this.options.sectorBytes;
    const first = Math.floor(offset / s);
    const last = Math.floor((offset + out.length - 1) / s);
    const fresh = this.faults.newBadSector(last - first + 1);
    if (fresh !== undefined) file.badSectors.add(first + fresh);
    const bad = new Set<number>();
    for (const i of file.badSectors) if (i >= first && i <= last) bad.add(i);
    for (const a of this.options.corruptSectors) if (a.path === path && a.sector >= first && a.sector <= last) bad.add(a.sector);
    if (bad.size === 0) return false;
    for (const i of [...bad].sort((x, y) => x - y)) {
      const sectorStart = i * s;
      const corrupted = corruptSector(file.live.read(sectorStart, s));
      // Copy the part of the corrupted sector that lies inside the read range.
      const from = Math.max(sectorStart, offset);
      const to = Math.min(sectorStart + corrupted.length, offset + out.length);
      out.set(corrupted.subarray(from - sectorStart, to - sectorStart), from - offset);
    }
    return true;
  }
}
