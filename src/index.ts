// The `mvsim` package, for use inside a test suite:
//   import { simulate, scenarioArbitrary, toScenarioJson } from "mvsim";
// and for testing your own store (docs/targets.md):
//   import { defineTarget, type Ports, type KvTarget } from "mvsim";
// Deeper layers (kernel, engine, checkers) are importable from their files.
export { simulateScenario as simulate, toScenario, toScenarioJson } from "./harness/test-suite-api.js";
export { defineTarget } from "./harness/target.js";
export type { KvTarget, KvStore, KvSession, KvTxn, ErrorOutcome } from "./harness/target.js";
export { ArenaFullError, DiskError } from "./engine/ports.js";
export type { Addr, Clock, DiskErrorCode, DiskOp, Files, Gen, Memory, Ports, Processes, Sched, Step } from "./engine/ports.js";
export type { Visibility } from "./models/visibility.js";
export type { SimulateOptions, SimulateReport } from "./harness/test-suite-api.js";
export { scenarioArbitrary, type ScenarioArbitraryOptions } from "./harness/scenario-arbitrary.js";
export type { Scenario } from "./harness/scenario.js";
export type { SeedResult } from "./harness/run-result.js";
export type { Verdict, Violation, Property } from "./history/verdict.js";
