// The `mvsim` package, for use inside a test suite:
//   import { simulate, scenarioArbitrary } from "mvsim";
// Deeper layers (kernel, engine, checkers) are importable from their files.
export { simulateScenario as simulate, toScenario } from "./harness/test-suite-api.js";
export type { SimulateOptions, SimulateReport } from "./harness/test-suite-api.js";
export { scenarioArbitrary, type ScenarioArbitraryOptions } from "./harness/scenario-arbitrary.js";
export type { Scenario } from "./harness/scenario.js";
export type { SeedResult } from "./harness/run-result.js";
export type { Verdict, Violation, Property } from "./history/verdict.js";
