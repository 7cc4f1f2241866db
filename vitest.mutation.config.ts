// The vitest config StrykerJS runs (stryker.config.mjs): only the reduced gate
// (test/mutation/reduced-gate.test.ts), so a mutant is scored by the scenarios,
// never by the unit tests. `npm run bench -- mutation` drives it.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/mutation/reduced-gate.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "threads",
  },
});
