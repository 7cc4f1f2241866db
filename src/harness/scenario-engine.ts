// The engine capacities a scenario may set in its "engine" object: the numeric
// fields of EngineConfig (src/engine/engine.ts) and DurabilityOptions
// (src/engine/durability/durability-options.ts). The run loop passes them to
// the engine target (splitCapacities); the validator refuses other names (a
// typo would otherwise silently leave the default in place).

/** Fields of EngineConfig. */
export const ENGINE_CORE_CAPACITY_NAMES = [
  "bucketCount",
  "keysMax",
  "readerSlots",
  "txnSlots",
  "maxWritesPerTxn",
  "hazardRecords",
  "valueSegmentWords",
  "valueSegments",
  "gcEveryCommits",
  "retriesMax",
  "hlcLogicalBits",
] as const;

/** Fields of DurabilityOptions. */
export const DURABILITY_CAPACITY_NAMES = [
  "queueSlots",
  "batchCommitsMax",
  "epochSeqs",
  "ringEpochs",
  "channelBatches",
  "runsMax",
  "deadCommitWindow",
  "pollUs",
  "stallUsMax",
  "singleKeyWritesLogFirst",
] as const;

export const ENGINE_CAPACITY_NAMES = [...ENGINE_CORE_CAPACITY_NAMES, ...DURABILITY_CAPACITY_NAMES] as const;

export type EngineCapacityName = (typeof ENGINE_CAPACITY_NAMES)[number];

type Capacities = Readonly<Partial<Record<EngineCapacityName, number>>>;

function pick<K extends string>(c: Capacities, names: readonly K[]): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const n of names) {
    const v = (c as Partial<Record<string, number>>)[n];
    if (v !== undefined) out[n] = v;
  }
  return out;
}

/** The scenario's capacities split as engineTarget takes them (src/harness/engine-target.ts). */
export function splitCapacities(c: Capacities): {
  engine: Partial<Record<(typeof ENGINE_CORE_CAPACITY_NAMES)[number], number>>;
  durability: Partial<Record<(typeof DURABILITY_CAPACITY_NAMES)[number], number>>;
} {
  return { engine: pick(c, ENGINE_CORE_CAPACITY_NAMES), durability: pick(c, DURABILITY_CAPACITY_NAMES) };
}
