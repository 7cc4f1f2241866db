// Which disk operations fail: aimed one-shot faults first (`injectNext`), then
// the per-op EIO probabilities, each drawn from its own seeded stream so that
// turning one fault on does not shift the others. Contract: every decision is a
// function of the seed and the sequence of operations.
import type { DiskErrorCode, DiskOp } from "../../engine/ports.js";
import type { Rng } from "../rng.js";
import type { DiskOptions } from "./disk-options.js";

/** A one-shot fault: the next `op` on a path starting with `pathPrefix` fails with `code`. */
export interface InjectedFault {
  readonly op: DiskOp;
  readonly pathPrefix: string;
  readonly code: DiskErrorCode;
}

export class DiskFaults {
  private aimed: InjectedFault[] = [];
  /** Set when the run's faults stop: the per-op probabilities no longer apply (no draws either). */
  private stopped = false;
  private readonly writeEio: Rng;
  private readonly fsyncEio: Rng;
  private readonly readCorruption: Rng;

  constructor(private readonly options: DiskOptions, rng: Rng) {
    this.writeEio = rng.fork("write-eio");
    this.fsyncEio = rng.fork("fsync-eio");
    this.readCorruption = rng.fork("read-corruption");
  }

  /** Arms a one-shot fault; several armed faults fire in the order they were armed. */
  injectNext(fault: InjectedFault): void {
    this.aimed.push(fault);
  }

  /** Random faults end here (the run's faultsStopAtUs): liveness is judged on a healed disk. */
  stop(): void {
    this.stopped = true;
  }

  /** One-shot faults armed and not yet fired. */
  armed(): readonly InjectedFault[] {
    return this.aimed;
  }

  /** The error this operation fails with, if any (consumes a matching one-shot fault). */
  decide(op: DiskOp, path: string): DiskErrorCode | undefined {
    const i = this.aimed.findIndex((f) => f.op === op && path.startsWith(f.pathPrefix));
    if (i >= 0) {
      const [fault] = this.aimed.splice(i, 1);
      return fault!.code;
    }
    if (this.stopped) return undefined;
    if (op === "write" && this.writeEio.chance(this.options.writeEioProbabilityPerOp)) return "EIO";
    if (op === "fsync" && this.fsyncEio.chance(this.options.fsyncEioProbabilityPerOp)) return "EIO";
    return undefined;
  }

  /** For a read spanning `sectorCount` sectors: the index (0-based in the range) of a newly bad one, if any. */
  newBadSector(sectorCount: number): number | undefined {
    if (sectorCount === 0 || this.stopped || !this.readCorruption.chance(this.options.corruptSectorProbabilityPerRead)) return undefined;
    return this.readCorruption.int(sectorCount);
  }
}
