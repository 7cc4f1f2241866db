// The smallest arena the built-in engine can open in and run a short workload,
// for given capacities: the WAL's control block (wal-control.ts), the engine's
// tables (engine.ts initialise), the harness's root words, the quarantine, one
// value segment and a little room for versions. Contract: a smaller arena
// makes the correct engine fail at open (ArenaFullError), so the loader refuses it.
import { resolveDurabilityOptions } from "../engine/durability/durability-options.js";
import { controlLayout } from "../engine/durability/wal-control.js";
import { DEFAULT_ENGINE_CONFIG } from "../engine/engine.js";
import { HAZARD_RECORD_WORDS, READER_SLOT_WORDS, SEG, txnRecordWords } from "../engine/layout.js";
import { splitCapacities, type EngineCapacityName } from "./scenario-engine.js";

type Capacities = Readonly<Partial<Record<EngineCapacityName, number>>>;

/** Room for the first versions, nodes and commit payloads of a run. */
const WORKING_WORDS = 4096;

const even = (n: number): number => n + (n % 2);

export function engineTableWords(caps: Capacities): number {
  const c = { ...DEFAULT_ENGINE_CONFIG, ...splitCapacities(caps).engine };
  return even(c.bucketCount) + even(c.readerSlots * READER_SLOT_WORDS) + even(c.txnSlots * txnRecordWords(c.maxWritesPerTxn)) + even(c.hazardRecords * HAZARD_RECORD_WORDS) + even(2 * c.valueSegments);
}

export function walControlWords(caps: Capacities): number {
  return even(controlLayout(0, resolveDurabilityOptions({ dir: "db", ...splitCapacities(caps).durability })).words);
}

export function engineArenaWordsMin(caps: Capacities, arena: { readonly reservedWords: number; readonly quarantineWords: number }): number {
  const c = { ...DEFAULT_ENGINE_CONFIG, ...splitCapacities(caps).engine };
  return even(arena.reservedWords + walControlWords(caps) + engineTableWords(caps) + arena.quarantineWords + SEG.data + c.valueSegmentWords + WORKING_WORDS);
}
