// The key index: a fixed array of hash buckets in the arena, each the head of
// a list of key entries. Insert is lock-free: a new entry is written in full,
// then CAS-prepended to its bucket; a lost race re-walks the new prefix.
// Contract: an entry, once published, is never moved or freed and only its
// chainHead word changes; a key has at most one entry.
import { encodeText, hashBytes, sameText, type EncodedText } from "./codec.js";
import type { EngineCtx } from "./context.js";
import { CapacityError } from "./errors.js";
import { H, KE } from "./layout.js";
import { ArenaFullError, type Gen, type Ports } from "./ports.js";

export interface KeyRef {
  readonly key: string;
  readonly enc: EncodedText;
  readonly hash: number;
}

export function keyRef(key: string): KeyRef {
  const enc = encodeText(key);
  return { key, enc, hash: hashBytes(enc.bytes) };
}

function bucketAddr(ctx: EngineCtx, hash: number): number {
  return ctx.layout.buckets + (hash % ctx.layout.bucketCount);
}

/** Walks from `entry` to `stop` (exclusive) looking for the key; 0 if absent. */
function* walk(ports: Ports, entry: number, stop: number, k: KeyRef): Gen<number> {
  const want = k.hash | 0;
  while (entry !== 0 && entry !== stop) {
    // Header first: an entry's key may be shorter than ours (reading past it would leave the block).
    const h = yield* ports.mem.read(entry, KE.key, "index.read-entry");
    if (h[KE.hash] === want && h[KE.byteLen] === k.enc.bytes.length) {
      const words = yield* ports.mem.read(entry + KE.key, k.enc.words.length, "index.read-key");
      if (sameText(words, k.enc.bytes.length, k.enc)) return entry;
    }
    entry = h[KE.next]!;
  }
  return 0;
}

/** The key's entry, or 0 if the key was never written. */
export function* findEntry(ctx: EngineCtx, ports: Ports, k: KeyRef): Gen<number> {
  const head = yield* ports.mem.load(bucketAddr(ctx, k.hash), "index.load-bucket");
  return yield* walk(ports, head, 0, k);
}

export function* findOrInsertEntry(ctx: EngineCtx, ports: Ports, k: KeyRef): Gen<number> {
  const { mem } = ports;
  const bucket = bucketAddr(ctx, k.hash);
  let head = yield* mem.load(bucket, "index.load-bucket");
  const found = yield* walk(ports, head, 0, k);
  if (found !== 0) return found;
  const count = yield* mem.add(H.keyCount, 1, "index.count-key");
  if (count >= ctx.layout.keysMax) {
    yield* mem.add(H.keyCount, -1, "index.uncount-key");
    throw new CapacityError("key index", `${ctx.layout.keysMax} keys (inserting "${k.key}")`);
  }
  const words = KE.key + k.enc.words.length;
  let entry: number;
  try {
    entry = yield* mem.alloc(words, "index.alloc-entry");
  } catch (e) {
    yield* mem.add(H.keyCount, -1, "index.uncount-key");
    if (e instanceof ArenaFullError) throw new CapacityError("arena", `no room for key "${k.key}": ${e.message}`);
    throw e;
  }
  const block = new Int32Array(words);
  block[KE.hash] = k.hash | 0;
  block[KE.byteLen] = k.enc.bytes.length;
  block.set(k.enc.words, KE.key);
  for (;;) {
    block[KE.next] = head;
    yield* mem.write(entry, block, "index.write-entry");
    const seen = yield* mem.cas(bucket, head, entry, "index.insert");
    if (seen === head) {
      yield* mem.add(H.liveWords, words + (words % 2), "stats.live-words");
      return entry;
    }
    // Someone prepended first: only the new prefix can hold our key.
    const raced = yield* walk(ports, seen, head, k);
    if (raced !== 0) {
      yield* mem.free(entry, "index.drop-entry");
      yield* mem.add(H.keyCount, -1, "index.uncount-key");
      return raced;
    }
    head = seen;
  }
}
