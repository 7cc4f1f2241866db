// The `Files` port over a SimDisk. Contract (src/engine/ports.ts): each operation
// yields exactly one `disk` step (its scheduling point), then acts atomically;
// when the op has a latency it then yields one `block` step until the simulated
// clock reaches its deadline. An fsync's durability happens when it completes,
// after that wait, so a power loss during the wait leaves the data unsynced.
import type { DiskOp, Files, Gen, Step, Waitable } from "../../engine/ports.js";
import type { SimDisk } from "./disk.js";
import { neverReady } from "../scheduler.js";

export function simFiles(disk: SimDisk): Files {
  const o = disk.options;

  function* latency(op: DiskOp, path: string, us: number, label: string | undefined): Gen<void> {
    if (us <= 0) return;
    const on = new LatencyWait(op, path, disk.clock.monotonicUs() + us);
    const step: Step = label === undefined ? { kind: "block", on } : { kind: "block", on, label };
    yield step;
  }

  return {
    *write(path, offset, data, label) {
      yield diskStep("write", path, label);
      disk.write(path, offset, data);
      yield* latency("write", path, o.writeLatencyUs, label);
    },
    *append(path, data, label) {
      yield diskStep("write", path, label);
      const offset = disk.append(path, data);
      yield* latency("write", path, o.writeLatencyUs, label);
      return offset;
    },
    *read(path, offset, length, label) {
      yield diskStep("read", path, label);
      const bytes = disk.read(path, offset, length);
      yield* latency("read", path, o.readLatencyUs, label);
      return bytes;
    },
    *size(path, label) {
      yield diskStep("size", path, label);
      return disk.size(path);
    },
    *fsync(path, label) {
      yield diskStep("fsync", path, label);
      const ticket = disk.beginFsync(path);
      yield* latency("fsync", path, o.fsyncLatencyUs, label);
      disk.completeFsync(ticket);
    },
    *rename(from, to, label) {
      yield diskStep("rename", from, label);
      disk.rename(from, to);
      yield* latency("rename", from, o.writeLatencyUs, label);
    },
    *unlink(path, label) {
      yield diskStep("unlink", path, label);
      disk.unlink(path);
      yield* latency("unlink", path, o.writeLatencyUs, label);
    },
    *fsyncDir(dir, label) {
      yield diskStep("fsyncDir", dir, label);
      yield* latency("fsyncDir", dir, o.fsyncLatencyUs, label);
      disk.fsyncDir(dir);
    },
    *list(dir, label) {
      yield diskStep("list", dir, label);
      return disk.list(dir);
    },
    exists(path) {
      return disk.exists(path);
    },
  };
}

/**
 * The wait of a disk op's latency: only its deadline ends it. Its name, read
 * only by step traces and deadlock reports, is built when read, not for every
 * disk op (issue #14).
 */
class LatencyWait implements Waitable {
  constructor(
    private readonly op: DiskOp,
    private readonly path: string,
    readonly deadlineUs: number,
  ) {}

  readonly ready = neverReady;

  get name(): string {
    return `${this.op} latency ${this.path}`;
  }
}

function diskStep(op: DiskOp, path: string, label: string | undefined): Step {
  return label === undefined ? { kind: "disk", op, path } : { kind: "disk", op, path, label };
}
