// The bounded channel of dirty-key batches, a ring in the arena: committers send
// (one at a time: they hold the queue lock), the checkpointer drains. Contract:
// a batch is never dropped when the ring is full — the sender waits, and a wait
// that cannot end (checkpointer dead, or longer than stallUsMax) is a
// WriteStallError; only the dirty-try-send-drop defect drops it.
import type { Gen, Ports } from "../ports.js";
import { allocBytes, readBytes } from "./arena-bytes.js";
import { ByteReader, ByteWriter } from "./byte-codec.js";
import { WriteStallError } from "./durability-errors.js";
import type { DurabilityOptions } from "./durability-options.js";
import { C, type ControlLayout } from "./wal-control.js";

export interface DirtyBatch {
  /** Seq of the commit whose keys these are. */
  readonly seq: number;
  readonly keys: readonly string[];
}

const TWO32 = 2 ** 32;

function encodeKeys(keys: readonly string[]): Uint8Array {
  const w = new ByteWriter().u32(keys.length);
  for (const k of keys) w.str(k);
  return w.finish();
}

function decodeKeys(bytes: Uint8Array): string[] {
  const r = new ByteReader(bytes);
  const n = r.u32();
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(r.str());
  return out;
}

/** Sends one batch; returns false only if the defect dropped it. The caller holds the queue lock. */
export function* sendDirty(p: Ports, ctl: ControlLayout, o: DurabilityOptions, batch: DirtyBatch): Gen<boolean> {
  const b = ctl.base;
  const tail = yield* p.mem.load64(b + C.CHAN_TAIL, "dirty.send.tail");
  const stallStart = p.clock.monotonicUs();
  for (;;) {
    const tick = yield* p.mem.load(b + C.HEAD_TICK, "dirty.send.tick");
    const head = yield* p.mem.load64(b + C.CHAN_HEAD, "dirty.send.head");
    if (tail - head < o.channelBatches) break;
    if (o.bugs.has("dirty-try-send-drop")) return false;
    // Backpressure: the checkpointer is behind. Wait, but never for a dead one.
    const owner = yield* p.mem.load(b + C.CKPT_PID, "dirty.send.checkpointer");
    const stalled = p.clock.monotonicUs() - stallStart;
    if (owner !== 0 && !p.procs.isAlive(owner - 1)) throw new WriteStallError("checkpointer-dead", stalled);
    if (stalled > o.stallUsMax) throw new WriteStallError(owner === 0 ? "no-checkpointer" : "stall-bound", stalled);
    p.sometimes("backpressure-stall");
    yield* p.mem.wait(b + C.HEAD_TICK, tick, o.pollUs, "dirty.send.stall");
  }
  const bytes = encodeKeys(batch.keys);
  const addr = yield* allocBytes(p.mem, bytes, "dirty.send.alloc");
  const seq = batch.seq;
  yield* p.mem.write(ctl.chanSlot(tail), [seq % TWO32 | 0, Math.floor(seq / TWO32), addr, bytes.length], "dirty.send.slot");
  yield* p.mem.store64(b + C.CHAN_TAIL, tail + 1, "dirty.send");
  yield* p.mem.add(b + C.CHAN_TICK, 1, "dirty.send.notify");
  yield* p.mem.notify(b + C.CHAN_TICK);
  return true;
}

/**
 * Drains batches in send order while `accept(seq)` (false: the epoch ring has no
 * room). Single consumer: the caller is the checkpointer holding CKPT_PID.
 */
export function* drainDirty(p: Ports, ctl: ControlLayout, accept: (seq: number) => boolean): Gen<DirtyBatch[]> {
  const b = ctl.base;
  let head = yield* p.mem.load64(b + C.CHAN_HEAD, "dirty.drain.head");
  const tail = yield* p.mem.load64(b + C.CHAN_TAIL, "dirty.drain.tail");
  const out: DirtyBatch[] = [];
  while (head < tail) {
    const w = yield* p.mem.read(ctl.chanSlot(head), 4, "dirty.drain.slot");
    const seq = (w[0]! >>> 0) + w[1]! * TWO32;
    if (!accept(seq)) break;
    const keys = decodeKeys(yield* readBytes(p.mem, w[2]!, w[3]!, "dirty.drain.read"));
    out.push({ seq, keys });
    head++;
    // Consume before freeing: a successor after our crash must not read a freed block.
    yield* p.mem.store64(b + C.CHAN_HEAD, head, "dirty.drain");
    yield* p.mem.add(b + C.HEAD_TICK, 1, "dirty.drain.notify");
    yield* p.mem.notify(b + C.HEAD_TICK);
    yield* p.mem.free(w[2]!, "dirty.drain.free");
  }
  return out;
}
