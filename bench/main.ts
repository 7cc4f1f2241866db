// `npm run bench`: every benchmark, printing ratios measured in one run, and
// the same lines to bench/results.md (`npm run bench -- NAME...` replaces only
// those sections). Performance goals live here, never in timed unit tests.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchBaseline } from "./baseline.bench.js";
import { benchCheckers } from "./checkers.bench.js";
import { benchCoverage } from "./coverage.bench.js";
import { benchDurability } from "./durability.bench.js";
import { benchEngine } from "./engine.bench.js";
import { benchGraphChecker } from "./graph-check.bench.js";
import { benchHunt } from "./hunt.bench.js";
import { benchKernel } from "./kernel.bench.js";
import { benchLinearizability } from "./linearizability.bench.js";
import { benchMutation } from "./mutation.bench.js";
import { benchShrink } from "./shrink.bench.js";
import { benchSoak } from "./soak.bench.js";
import { benchSwarmDetect } from "./swarm-detect.bench.js";
import { benchThroughput } from "./throughput.bench.js";

type Bench = (log: (line: string) => void) => Promise<void>;

const benches: [string, Bench][] = [
  ["kernel", benchKernel],
  ["engine", benchEngine],
  ["checkers", benchCheckers],
  ["graph", (log) => benchGraphChecker(log)],
  ["linearizability", benchLinearizability],
  ["durability", benchDurability],
  ["baseline", benchBaseline],
  ["hunt", benchHunt],
  ["shrink", benchShrink],
  ["throughput", benchThroughput],
  ["soak", benchSoak],
  ["coverage", benchCoverage],
  ["swarm-detect", benchSwarmDetect],
  ["mutation", benchMutation],
];

/** The sections ("## name" up to the next) of an earlier results file, by bench name. */
function earlierSections(file: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!existsSync(file)) return out;
  const block = /```\n([\s\S]*)\n```/.exec(readFileSync(file, "utf8"));
  let current: string[] | undefined;
  for (const line of block ? block[1]!.split("\n") : []) {
    const name = line.startsWith("## ") ? line.slice(3) : undefined;
    if (name !== undefined && benches.some(([n]) => n === name)) out.set(name, (current = []));
    current?.push(line);
  }
  return out;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const unknown = only.filter((n) => !benches.some(([b]) => b === n));
  if (unknown.length > 0) throw new Error(`unknown bench ${unknown.join(", ")}: expected some of ${benches.map(([n]) => n).join(", ")}`);
  const sections = new Map<string, string[]>();
  for (const [name, bench] of benches) {
    if (only.length > 0 && !only.includes(name)) continue;
    const lines: string[] = [];
    sections.set(name, lines);
    const log = (line: string): void => {
      lines.push(line);
      process.stdout.write(line + "\n");
    };
    log(`## ${name}`);
    await bench(log);
    log("");
  }
  // Written next to the sources (bench/results.md), via a temporary name; a run
  // of some benches keeps the other benches' sections of the previous file.
  const here = dirname(fileURLToPath(import.meta.url));
  const out = join(here, "..", "..", "bench", "results.md");
  mkdirSync(dirname(out), { recursive: true });
  const earlier = earlierSections(out);
  const kept = benches.map(([n]) => n).filter((n) => !sections.has(n) && earlier.has(n));
  const lines = benches.flatMap(([n]) => sections.get(n) ?? earlier.get(n) ?? []);
  const keptNote = kept.length > 0 ? ` Kept from an earlier run: ${kept.join(", ")}.` : "";
  const body = `# Benchmark results\n\nProduced by \`npm run bench\` on ${process.platform}/${process.arch}, node ${process.version}.${keptNote}\n\n\`\`\`\n${lines.join("\n")}\n\`\`\`\n`;
  writeFileSync(out + ".tmp", body);
  renameSync(out + ".tmp", out);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
