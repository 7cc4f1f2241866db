// How the tests start real workers from TypeScript sources. Workers do not get
// vitest's transform, and Node 20 cannot strip types, so each test worker loads
// ts-worker-hooks.mjs (TypeScript's transpileModule, no type check) through
// `--import`. This avoids compiling the project before the tests; the CLI and
// the benchmarks run the built dist/ JS and need no loader.
import type { CoordinatorOptions } from "../../src/real/coordinator.js";
import type { LayoutOptions } from "../../src/real/shared-layout.js";

export function testCoordinator(layout: Partial<LayoutOptions> = {}): CoordinatorOptions {
  return {
    layout: { words: 1 << 16, reservedWords: 64, maxPids: 8, maxWorkers: 4, logWordsPerWorker: 0, ...layout },
    module: new URL("./test-bodies.ts", import.meta.url),
    execArgv: ["--import", new URL("./ts-worker-register.mjs", import.meta.url).href],
  };
}
