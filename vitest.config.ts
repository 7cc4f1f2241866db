import { defineConfig } from "vitest/config";

export default defineConfig({
  // Example targets import the package by name, as a user's would (examples/).
  resolve: { alias: { mvsim: new URL("./src/index.ts", import.meta.url).pathname } },
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
