// StrykerJS on src/engine against the reduced gate (vitest.mutation.config.ts,
// test/mutation/reduced-gate.test.ts). `npm run bench -- mutation` sets
// MVSIM_MUTATION_SAMPLE_FILE to a seeded sample of mutants and
// MVSIM_MUTATION_GATE to before|after; without them this mutates all of src/engine.
import { readFileSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const sampleFile = process.env.MVSIM_MUTATION_SAMPLE_FILE;
const sample = sampleFile ? JSON.parse(readFileSync(sampleFile, "utf8")) : undefined;
const concurrency = Number(process.env.MVSIM_MUTATION_CONCURRENCY || 1);
// node_modules here may be a symlink (a git worktree's), which Stryker does not
// link into its sandbox; the build step links the real directory instead.
const nodeModules = realpathSync(fileURLToPath(new URL("./node_modules", import.meta.url)));

export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts", related: false },
  coverageAnalysis: "perTest",
  mutate: sample ? sample.mutate : ["src/engine/**/*.ts"],
  appendPlugins: [fileURLToPath(new URL("./bench/mutation-sample-ignorer.mjs", import.meta.url))],
  ignorers: sample ? ["mvsim-sample"] : [],
  concurrency,
  tempDirName: join(tmpdir(), "mvsim-stryker"),
  cleanTempDir: true,
  symlinkNodeModules: false,
  buildCommand: `ln -s ${nodeModules} node_modules`,
  // The sandbox holds what the gate needs, nothing else.
  ignorePatterns: ["/*", "!/src", "!/scenarios", "!/test", "/test/*", "!/test/mutation", "!/package.json", "!/tsconfig.json", "!/vitest.mutation.config.ts"],
  reporters: sample ? ["json", "progress-append-only"] : ["json", "html", "progress"],
  jsonReporter: { fileName: sample ? sample.report : "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  // The machine is shared and often loaded: a mutant that only slows the gate
  // must not pass for a hang, so the timeout is generous (net time x3 + 30 s).
  timeoutMS: 30000,
  timeoutFactor: 3,
  thresholds: { high: 80, low: 60, break: null },
  incremental: false,
};
