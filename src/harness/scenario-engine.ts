// The engine capacities a scenario may set in its "engine" object: the numeric
// fields of EngineConfig (src/engine/engine.ts) and DurabilityOptions
// (src/engine/durability/durability-options.ts). The run loop passes them to
// the engine target; the validator refuses other names (a typo would
// otherwise silently leave the default in place).

export const ENGINE_CAPACITY_NAMES = [
  // EngineConfig
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
  // DurabilityOptions
  "queueSlots",
  "batchCommitsMax",
  "epochSeqs",
  "ringEpochs",
  "channelBatches",
  "runsMax",
  "deadCommitWindow",
  "pollUs",
  "stallUsMax",
] as const;

export type EngineCapacityName = (typeof ENGINE_CAPACITY_NAMES)[number];
