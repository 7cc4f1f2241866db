// `npm run bench`: every benchmark, printing ratios measured in one run, and
// the same lines to bench/results.md. Performance goals live here, never in
// timed unit tests.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchBaseline } from "./baseline.bench.js";
import { benchCheckers } from "./checkers.bench.js";
import { benchDurability } from "./durability.bench.js";
import { benchEngine } from "./engine.bench.js";
import { benchGraphChecker } from "./graph-check.bench.js";
import { benchHunt } from "./hunt.bench.js";
import { benchKernel } from "./kernel.bench.js";
import { benchSoak } from "./soak.bench.js";
import { benchThroughput } from "./throughput.bench.js";

type Bench = (log: (line: string) => void) => Promise<void>;

const benches: [string, Bench][] = [
  ["kernel", benchKernel],
  ["engine", benchEngine],
  ["checkers", benchCheckers],
  ["graph", (log) => benchGraphChecker(log)],
  ["durability", benchDurability],
  ["baseline", benchBaseline],
  ["hunt", benchHunt],
  ["throughput", benchThroughput],
  ["soak", benchSoak],
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const lines: string[] = [];
  const log = (line: string): void => {
    lines.push(line);
    process.stdout.write(line + "\n");
  };
  for (const [name, bench] of benches) {
    if (only.length > 0 && !only.includes(name)) continue;
    log(`## ${name}`);
    await bench(log);
    log("");
  }
  // Written next to the sources (bench/results.md), via a temporary name.
  const here = dirname(fileURLToPath(import.meta.url));
  const out = join(here, "..", "..", "bench", "results.md");
  mkdirSync(dirname(out), { recursive: true });
  const body = `# Benchmark results\n\nProduced by \`npm run bench\` on ${process.platform}/${process.arch}, node ${process.version}.\n\n\`\`\`\n${lines.join("\n")}\n\`\`\`\n`;
  writeFileSync(out + ".tmp", body);
  renameSync(out + ".tmp", out);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
