// The value store: value bytes appended to fixed-size segments. A writer
// reserves words by fetch-add on a shared cursor; segments are allocated on
// demand and installed in a directory (a ring of 64-bit entries: segment
// number and address) by CAS. A segment is freed once all its words are dead.
// Contract: a value's words never move and stay readable while a live version
// points at them; a full store is a CapacityError, never an overwrite.
import { encodeText, decodeText, wordsFor } from "./codec.js";
import type { EngineCtx } from "./context.js";
import { CapacityError } from "./errors.js";
import { H, SEG } from "./layout.js";
import { ArenaFullError, type Gen, type Ports } from "./ports.js";

/** Directory entries pack segment number and address in one word pair. */
const ADDR_SPAN = 2 ** 28;
const encodeEntry = (segNo: number, addr: number): number => segNo * ADDR_SPAN + addr;
const entrySegNo = (e: number): number => Math.floor(e / ADDR_SPAN);
const entryAddr = (e: number): number => e % ADDR_SPAN;

export interface StoredValue {
  /** Cursor offset + 1; 0 is reserved for "no value" (a tombstone). */
  readonly handle: number;
  readonly byteLen: number;
}

function dirSlot(ctx: EngineCtx, segNo: number): number {
  return ctx.layout.valueDir + 2 * (segNo % ctx.layout.valueSegments);
}

export function* appendValue(ctx: EngineCtx, ports: Ports, text: string): Gen<StoredValue> {
  const S = ctx.layout.valueSegmentWords;
  const enc = encodeText(text);
  const n = Math.max(1, enc.words.length);
  if (n > S) throw new CapacityError("value store", `value of ${n} words exceeds a segment of ${S}`);
  for (;;) {
    const off = yield* ports.mem.add64(H.valueCursor, n, "value.reserve");
    const segNo = Math.floor(off / S);
    const boundary = (segNo + 1) * S;
    if (off + n > boundary) {
      // Straddles two segments: the reservation is dead in both; try again.
      yield* addDeadWords(ctx, ports, segNo, boundary - off);
      yield* addDeadWords(ctx, ports, segNo + 1, off + n - boundary);
      continue;
    }
    const seg = yield* ensureSegment(ctx, ports, segNo);
    const data = n === enc.words.length ? enc.words : new Int32Array(n);
    if (data !== enc.words) data.set(enc.words);
    yield* ports.mem.write(seg + SEG.data + (off - segNo * S), data, "value.write");
    return { handle: off + 1, byteLen: enc.bytes.length };
  }
}

export function* readValue(ctx: EngineCtx, ports: Ports, handle: number, byteLen: number): Gen<string> {
  const S = ctx.layout.valueSegmentWords;
  const off = handle - 1;
  const segNo = Math.floor(off / S);
  const entry = yield* ports.mem.load64(dirSlot(ctx, segNo), "value.find-segment");
  if (entry === 0 || entrySegNo(entry) !== segNo) {
    throw new Error(`value store: segment ${segNo} of handle ${handle} is not mapped (entry ${entry})`);
  }
  const n = Math.max(1, wordsFor(byteLen));
  const words = yield* ports.mem.read(entryAddr(entry) + SEG.data + (off - segNo * S), n, "value.read");
  return decodeText(words, byteLen);
}

/** The value's words are dead (its version was reclaimed, or never published). */
export function* freeValue(ctx: EngineCtx, ports: Ports, handle: number, byteLen: number): Gen<void> {
  if (handle === 0) return;
  const S = ctx.layout.valueSegmentWords;
  yield* addDeadWords(ctx, ports, Math.floor((handle - 1) / S), Math.max(1, wordsFor(byteLen)));
}

function* ensureSegment(ctx: EngineCtx, ports: Ports, segNo: number): Gen<number> {
  const S = ctx.layout.valueSegmentWords;
  const slot = dirSlot(ctx, segNo);
  for (;;) {
    const entry = yield* ports.mem.load64(slot, "value.dir-load");
    if (entry !== 0) {
      if (entrySegNo(entry) === segNo) return entryAddr(entry);
      if (entrySegNo(entry) > segNo) throw new Error(`value store: segment ${segNo} was already freed`);
      throw new CapacityError("value store", `directory slot of segment ${segNo} still holds live segment ${entrySegNo(entry)}`);
    }
    let seg: number;
    try {
      seg = yield* ports.mem.alloc(SEG.data + S, "value.alloc-segment");
    } catch (e) {
      if (e instanceof ArenaFullError) throw new CapacityError("arena", `no room for a value segment: ${e.message}`);
      throw e;
    }
    yield* ports.mem.store(seg + SEG.segNo, segNo, "value.init-segment");
    if ((yield* ports.mem.cas64(slot, 0, encodeEntry(segNo, seg), "value.install-segment")) === 0) {
      yield* ports.mem.add(H.liveWords, SEG.data + S, "stats.live-words");
      return seg;
    }
    yield* ports.mem.free(seg, "value.drop-segment");
  }
}

function* addDeadWords(ctx: EngineCtx, ports: Ports, segNo: number, words: number): Gen<void> {
  const S = ctx.layout.valueSegmentWords;
  const seg = yield* ensureSegment(ctx, ports, segNo);
  const before = yield* ports.mem.add(seg + SEG.deadWords, words, "value.add-dead");
  if (before + words < S) return;
  // Exactly one thread brings the count to S: it unmaps and frees the segment.
  yield* ports.mem.cas64(dirSlot(ctx, segNo), encodeEntry(segNo, seg), 0, "value.unmap-segment");
  yield* ports.mem.free(seg, "value.free-segment");
  yield* ports.mem.add(H.liveWords, -(SEG.data + S), "stats.live-words");
}
