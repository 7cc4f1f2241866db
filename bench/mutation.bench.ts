// Mutation score of the reduced gate (test/mutation/reduced-gate.test.ts) on a
// seeded sample of src/engine's mutants, with StrykerJS (stryker.config.mjs) run
// under `nice -n 10`, once per gate: "before" (the scenario list before issue
// #13) and "after" (with swarm). Prints the score, the counts and every survivor.
// Knobs (env): MVSIM_MUTATION_SAMPLE (mutant sites, default 64), MVSIM_MUTATION_SEED
// (default 13), MVSIM_MUTATION_GATE (before|after|both, default both),
// MVSIM_MUTATION_CONCURRENCY (Stryker test runners, default 2).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { envInt } from "./env-knobs.js";
import { describeMutant, scoreReport, type GateScore } from "./mutation-score.js";
import { engineMutants, mutantKey, sampleFileText, sampleSites, siteKey, type EngineMutant } from "./mutation-sample.js";

type Gate = "before" | "after";

function envGates(): Gate[] {
  const raw = process.env.MVSIM_MUTATION_GATE ?? "";
  if (raw === "" || raw === "both") return ["before", "after"];
  if (raw === "before" || raw === "after") return [raw];
  throw new Error(`env MVSIM_MUTATION_GATE: expected before, after or both, got "${raw}"`);
}

function runStryker(root: string, gate: Gate, sample: readonly EngineMutant[], dir: string): { score: GateScore; seconds: number } {
  const report = join(dir, `${gate}.json`);
  const sampleFile = join(dir, `${gate}-sample.json`);
  writeFileSync(sampleFile, sampleFileText(sample, report));
  const bin = join(root, "node_modules", "@stryker-mutator", "core", "bin", "stryker.js");
  const t0 = performance.now();
  // Stryker's own output goes to stderr: stdout (and bench/results.md) keep the summary.
  const r = spawnSync("nice", ["-n", "10", process.execPath, bin, "run", join(root, "stryker.config.mjs")], {
    cwd: root,
    stdio: ["ignore", 2, 2],
    env: {
      ...process.env,
      MVSIM_MUTATION_GATE: gate,
      MVSIM_MUTATION_SAMPLE_FILE: sampleFile,
      MVSIM_MUTATION_CONCURRENCY: String(envInt("MVSIM_MUTATION_CONCURRENCY", 2, 1)),
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`stryker (gate ${gate}) exited with ${r.status ?? r.signal}; its output is above`);
  return { score: scoreReport(report, sample), seconds };
}

function pct(a: number, b: number): string {
  return b === 0 ? "n/a" : `${((100 * a) / b).toFixed(1)}%`;
}

export async function benchMutation(log: (line: string) => void): Promise<void> {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
  const n = envInt("MVSIM_MUTATION_SAMPLE", 64, 1);
  const seed = BigInt(envInt("MVSIM_MUTATION_SEED", 13, 0));
  const gates = envGates();
  const all = await engineMutants(root, join("src", "engine"));
  const { sites, mutants: sample } = sampleSites(all, n, seed);
  const byMutator = new Map<string, number>();
  for (const m of sample) byMutator.set(m.mutator, (byMutator.get(m.mutator) ?? 0) + 1);
  const allSites = new Set(all.map(siteKey)).size;
  log(`src/engine: ${all.length} mutants on ${allSites} sites (StrykerJS 9.6 instrumenter); sample: ${sites} sites (MVSIM_MUTATION_SAMPLE), seed ${seed} (MVSIM_MUTATION_SEED), ${sample.length} mutants`);
  log(`sample by mutator: ${[...byMutator].sort().map(([k, v]) => `${k} ${v}`).join(", ")}`);
  log("gate: test/mutation/reduced-gate.test.ts, 2 gate seeds per scenario, in-process; before = the 12 correct-engine scenarios of 2403ef6, after = those + swarm");
  log("score = (Killed + Timeout) / (Killed + Timeout + Survived + NoCoverage), Stryker's mutation score");
  const dir = mkdtempSync(join(tmpdir(), "mvsim-mutation-"));
  const scores = new Map<Gate, GateScore>();
  for (const gate of gates) {
    const { score, seconds } = runStryker(root, gate, sample, dir);
    scores.set(gate, score);
    const counts = Object.entries(score.counts).sort().map(([k, v]) => `${k} ${v}`).join(", ");
    log(`${gate}: score ${pct(score.detected, score.valid)} (${score.detected}/${score.valid}); ${counts}; ${seconds.toFixed(0)} s wall (${score.extras} more mutants run, not scored)`);
  }
  for (const [gate, score] of scores) {
    const left = score.mutants.filter((m) => m.status === "Survived" || m.status === "NoCoverage");
    log(`${gate}: ${left.length} survivors`);
    for (const m of left) log(`  ${m.status === "NoCoverage" ? "[no coverage] " : ""}${describeMutant(m.mutant)}`);
    const slow = score.mutants.filter((m) => m.status === "Timeout");
    if (slow.length > 0) log(`${gate}: ${slow.length} timeouts (counted detected: the gate would hang, not pass)`);
    for (const m of slow) log(`  ${describeMutant(m.mutant)}`);
  }
  const before = scores.get("before");
  const after = scores.get("after");
  if (before && after) {
    const was = new Map(before.mutants.map((m) => [mutantKey(m.mutant), m.status]));
    const gained = after.mutants.filter((m) => (m.status === "Killed" || m.status === "Timeout") && (was.get(mutantKey(m.mutant)) === "Survived" || was.get(mutantKey(m.mutant)) === "NoCoverage"));
    log(`killed after, survived before: ${gained.length}`);
    for (const m of gained) log(`  ${describeMutant(m.mutant)} (killed by ${m.killedBy.join(", ") || m.status})`);
  }
  rmSync(dir, { recursive: true, force: true });
}
