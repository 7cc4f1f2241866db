import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    // Property and simulation tests run many seeds; keep per-test budgets generous
    // but bounded. Budgets inside tests are counted in steps, never in time.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "threads",
  },
});
