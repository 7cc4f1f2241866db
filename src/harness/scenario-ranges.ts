// The range of every numeric scenario field, with the reason for each limit
// (docs/scenarios.md shows the same table). Contract: a value inside its range
// gives a run that ends (in steps, memory and simulated time) and that the
// correct engine can finish; outside it the loader refuses it with exit 2.
import type { EngineCapacityName } from "./scenario-engine.js";
import type { NumberRule } from "./scenario-fields.js";

/** Simulated time in µs: 1e12 µs is 11.6 days; the HLC packs wall ms << 16 into a 53-bit safe integer, so ms must stay below 2^37. */
const US_MAX = 1e12;
const WHY_US = "simulated time is capped at 1e12 µs (11.6 days): the HLC's wall ms must stay below 2^37";

export const RANGES = {
  processes: { integer: true, min: 1, max: 16, why: "each process maps the arena and gets a reader slot per thread; 16 covers every multi-process hazard" },
  threadsPerProcess: { integer: true, min: 1, max: 64, why: "each thread is a generator stepped one at a time; more only dilutes the interleavings a seed explores" },
  clients: { integer: true, min: 1, max: 256, why: "processes × threadsPerProcess: client threads in one run" },
  opsPerThread: { integer: true, min: 1, max: 100_000, why: "the workload is planned before the run; larger plans outlast any step budget" },
  opsPerRun: { integer: true, min: 1, max: 1_000_000, why: "processes × threadsPerProcess × opsPerThread: operations planned per run" },
  txnSize: { integer: true, min: 1, max: 256, why: "micro-ops per transaction; the engine logs at most maxWritesPerTxn writes each" },
  keyCount: { integer: true, min: 1, max: 100_000, why: "the key index holds keysMax keys (default 1024); larger only fails with capacity errors" },
  zipfExponent: { min: 0, max: 10, why: "beyond 10 every choice falls on the first key" },
  thinkUs: { integer: true, min: 0, max: 1e9, why: "1000 s of simulated think time per micro-op already outlasts every timeout" },
  restartDelayUs: { integer: true, min: 0, max: 1e9, why: "1000 s of simulated downtime already outlasts every timeout" },
  crashesMax: { integer: true, min: 0, max: 10_000, why: "each crash restarts processes and replays recovery" },
  timeUs: { integer: true, min: 0, max: US_MAX, why: WHY_US },
  positiveTimeUs: { integer: true, min: 1, max: US_MAX, why: WHY_US },
  crashNth: { integer: true, min: 1, max: 1e9, why: "the nth arrival at a label within one run's step budget" },
  pid: { integer: true, min: 0, max: 1e6, why: "a world process id (restarts get new ones)" },
  clockMs: { integer: true, min: -1e6, max: 1e6, why: "the simulated wall clock starts at 1,000,000 ms; a larger step back would make it negative" },
  stepBudgetMax: { integer: true, min: 1, max: 1e8, why: "about a minute of one core per seed at the simulator's speed; a longer run is a soak, not a seed" },
  stepUs: { integer: true, min: 0, max: 1e6, why: "one atomic step of at most 1 s; with stepBudgetMax <= 1e8 simulated time stays below 1e14 µs (ms < 2^37 for the HLC)" },
  pctDepth: { integer: true, min: 1, max: 100, why: "PCT's bug depth d: d-1 priority change points; beyond a few the guarantee 1/(n·k^(d-1)) is nil" },
  pctMaxSteps: { integer: true, min: 1, max: 1e8, why: "PCT's expected run length k, at most the step budget's maximum" },
  preemptionBound: { integer: true, min: 0, max: 1000, why: "DFS with more preemptions than that is unbounded DFS" },
  quantum: { integer: true, min: 1, max: 1e6, why: "round-robin steps per turn" },
  gateSeeds: { integer: true, min: 0, max: 1_000_000, why: "seeds per gate run; a larger sweep belongs to mvsim run --seeds with --shard" },
  arenaWords: { integer: true, min: 1024, max: 1 << 24, why: "each running seed holds the arena and its poison shadow (9 bytes a word): 2^24 words is 150 MB" },
  reservedWords: { integer: true, min: 0, max: 1 << 20, why: "root words live from the start; the engine header needs 64 (engine-target.ts)" },
  quarantineWords: { integer: true, min: 0, max: 1 << 24, why: "freed words held poisoned; at most the arena" },
  livenessBoundUs: { integer: true, min: 1, max: US_MAX, why: WHY_US },
  maxStatesPerKey: { integer: true, min: 1, max: 1e9, why: "linearizability search states per key; the search holds them in memory" },
  garbageVersionsMax: { integer: true, min: 0, max: 1e9, why: "garbage versions tolerated at the end" },
  sectorBytes: { integer: true, min: 1, max: 1 << 20, why: "a disk's atomic write unit, 1 byte to 1 MiB" },
  capacityBytes: { integer: true, min: 4096, max: 2 ** 40, why: "at 0 the store's first write at open fails and it cannot open; from 4 KiB it opens, and a full disk then fails writes with ENOSPC, a fault the engine must handle" },
  latencyUs: { integer: true, min: 0, max: 1e9, why: "1000 s of simulated latency per disk call already outlasts every timeout" },
  eioProbability: { min: 0, max: 0.5, why: "above 1/2 most commits fail with EIO and the correct engine cannot finish its workload; 1 means every write fails" },
  corruptSector: { integer: true, min: 0, max: 2 ** 31, why: "a sector index in a file of at most the disk's capacity" },
} as const satisfies Record<string, NumberRule>;

/**
 * Engine capacities (src/engine/engine.ts EngineConfig, src/engine/durability/
 * durability-options.ts), each with the range the engine works in.
 */
export const ENGINE_RANGES = {
  bucketCount: { integer: true, min: 1, max: 1 << 16, why: "0 buckets leaves nowhere to hash a key; the table is one arena word per bucket" },
  keysMax: { integer: true, min: 1, max: 1 << 20, why: "distinct keys the index accepts" },
  readerSlots: { integer: true, min: 1, max: 4096, why: "16 arena words per slot; 0 slots means no snapshot can open" },
  txnSlots: { integer: true, min: 1, max: 4096, why: "records of the txn table; 0 means no transaction can begin" },
  maxWritesPerTxn: { integer: true, min: 1, max: 4096, why: "the write log of a txn record" },
  hazardRecords: { integer: true, min: 1, max: 4096, why: "8 arena words each; 0 means no thread can read a chain" },
  valueSegmentWords: { integer: true, min: 16, max: 1 << 20, why: "a value must fit in one segment" },
  valueSegments: { integer: true, min: 1, max: 1 << 16, why: "0 segments leaves nowhere to store a value" },
  gcEveryCommits: { integer: true, min: 0, max: 1e9, why: "0 = never" },
  retriesMax: { integer: true, min: 1, max: 1e9, why: "a single-key op gives up after this many conflicts" },
  hlcLogicalBits: { integer: true, min: 1, max: 16, why: "the HLC keeps its logical counter in the low 16 bits of a 53-bit timestamp" },
  queueSlots: { integer: true, min: 1, max: 1 << 16, why: "the group-commit queue ring" },
  batchCommitsMax: { integer: true, min: 1, max: 1 << 16, why: "commits per fsync" },
  epochSeqs: { integer: true, min: 1, max: 1 << 20, why: "sequence numbers per WAL segment" },
  ringEpochs: { integer: true, min: 2, max: 1024, why: "one epoch open and one closing at least" },
  channelBatches: { integer: true, min: 1, max: 1 << 16, why: "the dirty-key channel" },
  runsMax: { integer: true, min: 1, max: 1024, why: "run files kept before a merge" },
  deadCommitWindow: { integer: true, min: 1, max: 1 << 20, why: "recent txn ids kept to resolve a dead commit" },
  pollUs: { integer: true, min: 1, max: 1e9, why: "a waiter's re-check period" },
  stallUsMax: { integer: true, min: 1, max: US_MAX, why: WHY_US },
  singleKeyWritesLogFirst: { integer: true, min: 0, max: 1, why: "a switch: 0 or 1" },
} as const satisfies Record<EngineCapacityName, NumberRule>;
