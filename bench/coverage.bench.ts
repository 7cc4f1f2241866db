// What --coverage costs the gate: every shipped scenario's gate seeds run with
// and without V8 block coverage, in alternating rounds through the same path
// as `mvsim gate` (runScenariosUntil, worker pool), wall and CPU time (all
// threads: process.cpuUsage), medians; and the merge + source-map work after.
// Knobs (env): MVSIM_COVERAGE_SEEDS, seeds per scenario (default: each
// scenario's own gate count); MVSIM_COVERAGE_ROUNDS (default 3);
// MVSIM_COVERAGE_WORKERS (default 2).
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { shippedScenarioPaths } from "../src/cli/scenario-args.js";
import { engineCoverage, engineFileKey } from "../src/harness/engine-coverage.js";
import { runScenariosUntil, type RunOutcome } from "../src/harness/run-scenarios.js";
import { loadScenario, type Scenario } from "../src/harness/scenario.js";
import { WHOLE } from "../src/harness/seeds.js";
import { percentText } from "../src/report/coverage-table.js";
import { median } from "./baseline.bench.js";
import { envInt } from "./env-knobs.js";

interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly outcome: RunOutcome;
}

async function gate(scenarios: Scenario[], seeds: number | undefined, workers: number, coverage: boolean): Promise<Timing> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const outcome = await runScenariosUntil({
    scenarios,
    seeds: (s) => ({ kind: "derived", master: s.gate.masterSeed, count: seeds ?? s.gate.seeds }),
    shard: WHOLE,
    workers,
    extraBugs: [],
    coverage,
  });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, outcome };
}

const readText = (p: string): string | undefined => {
  try {
    return readFileSync(p, "utf8");
  } catch {
    return undefined;
  }
};

export async function benchCoverage(log: (line: string) => void): Promise<void> {
  const seedsKnob = envInt("MVSIM_COVERAGE_SEEDS", 0, 0);
  const seeds = seedsKnob === 0 ? undefined : seedsKnob;
  const rounds = envInt("MVSIM_COVERAGE_ROUNDS", 3, 1);
  const workers = envInt("MVSIM_COVERAGE_WORKERS", 2, 1);
  const scenarios: Scenario[] = [];
  for (const file of shippedScenarioPaths()) {
    const loaded = await loadScenario(file);
    if (!loaded.ok) throw new Error(loaded.error);
    scenarios.push(loaded.scenario);
  }
  log(`every shipped scenario, ${seeds === undefined ? "its gate seed count" : `${seeds} seeds`} (MVSIM_COVERAGE_SEEDS), ${workers} workers (MVSIM_COVERAGE_WORKERS), ${rounds} alternating rounds (MVSIM_COVERAGE_ROUNDS).`);
  log(`Load average at start: ${loadavg().map((x) => x.toFixed(2)).join(" ")} (a shared machine skews wall time; CPU time is the steadier figure).`);
  const off: Timing[] = [];
  const on: Timing[] = [];
  for (let r = 0; r < rounds; r++) {
    off.push(await gate(scenarios, seeds, workers, false));
    on.push(await gate(scenarios, seeds, workers, true));
  }
  const threads = on[on.length - 1]!.outcome.coverage ?? [];
  const t0 = performance.now();
  const cov = engineCoverage(threads, { fileKey: engineFileKey, readText });
  const computeMs = performance.now() - t0;
  // The same seeds in every round: the reports' coverage must come out the same (seeds fall to workers by timing).
  const texts = on.map((t) => JSON.stringify(engineCoverage(t.outcome.coverage ?? [], { fileKey: engineFileKey, readText })));
  const distinct = new Set(texts).size;
  const seedsRun = on[0]!.outcome.seedsRun;
  const m = (xs: Timing[], k: "wallMs" | "cpuMs"): number => median(xs.map((x) => x[k]));
  log(`${seedsRun} seeds per run. Medians: without coverage wall ${(m(off, "wallMs") / 1000).toFixed(1)} s, CPU ${(m(off, "cpuMs") / 1000).toFixed(1)} s;`);
  log(`  with coverage wall ${(m(on, "wallMs") / 1000).toFixed(1)} s, CPU ${(m(on, "cpuMs") / 1000).toFixed(1)} s;`);
  log(`  ratio with/without: wall ${(m(on, "wallMs") / m(off, "wallMs")).toFixed(2)}x, CPU ${(m(on, "cpuMs") / m(off, "cpuMs")).toFixed(2)}x`);
  log(`  rounds (wall s, off/on): ${off.map((x, i) => `${(x.wallMs / 1000).toFixed(1)}/${(on[i]!.wallMs / 1000).toFixed(1)}`).join(", ")}`);
  log(`merge + source maps after the run: ${computeMs.toFixed(0)} ms for ${threads.length} threads; engine coverage: lines ${percentText(cov.lines)}, branches ${percentText(cov.branches)}`);
  log(`the ${rounds} coverage rounds gave ${distinct === 1 ? "the same coverage, file by file" : `${distinct} different coverages`}${distinct === 1 ? "" : `: ${on.map((t) => { const c = engineCoverage(t.outcome.coverage ?? [], { fileKey: engineFileKey, readText }); return `lines ${percentText(c.lines)} branches ${percentText(c.branches)}`; }).join("; ")}`}`);
}
