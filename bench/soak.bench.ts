// Soak of the correct engine: many seeds of every shipped scenario with every
// bug switch off, on all cores; any violation or unknown verdict fails the
// bench loudly (exit code 1) with the scenario, seed and a replay line.
// Knobs (env): MVSIM_SOAK_SEEDS (total, default 100000), MVSIM_SOAK_MASTER
// (master seed of every scenario; default each scenario's gate.masterSeed),
// MVSIM_SOAK_KEEP_BUGS=1 (bug scenarios as shipped: shows the failure path).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { performance } from "node:perf_hooks";
import { shippedScenarioPaths } from "../src/cli/scenario-args.js";
import { runScenarios } from "../src/harness/run-scenarios.js";
import { scenarioJsonText } from "../src/harness/scenario-json-text.js";
import { loadScenario, type Scenario } from "../src/harness/scenario.js";
import { WHOLE } from "../src/harness/seeds.js";

function envBigInt(name: string): bigint | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d+$/.test(raw)) throw new Error(`env ${name}: expected a decimal integer >= 0, got "${raw}"`);
  return BigInt(raw);
}

/**
 * Worker threads load scenarios by file and scenario files have no "switches
 * off" form (a bug scenario must name a switch and expect to find it), so bug
 * scenarios run from copies in a temporary directory with bugs [] and expect pass.
 */
function correctEngineCopy(s: Scenario, dir: string): string {
  const file = join(dir, basename(s.file));
  writeFileSync(file, scenarioJsonText({ ...s, bugs: [], expect: { kind: "pass" } }));
  return file;
}

export async function benchSoak(log: (line: string) => void): Promise<void> {
  const total = Number(envBigInt("MVSIM_SOAK_SEEDS") ?? 100_000n);
  if (total < 1) throw new Error(`env MVSIM_SOAK_SEEDS: expected at least 1, got ${total}`);
  const master = envBigInt("MVSIM_SOAK_MASTER");
  const keepBugs = process.env.MVSIM_SOAK_KEEP_BUGS === "1";
  const cores = availableParallelism();
  const dir = mkdtempSync(join(tmpdir(), "mvsim-soak-"));
  const scenarios: Scenario[] = [];
  const copied: string[] = [];
  for (const path of shippedScenarioPaths()) {
    const loaded = await loadScenario(path);
    if (!loaded.ok) throw new Error(loaded.error);
    let s = loaded.scenario;
    if (s.bugs.length > 0 && !keepBugs) {
      const copy = await loadScenario(correctEngineCopy(s, dir));
      if (!copy.ok) throw new Error(`${path} with its bugs dropped: ${copy.error}`);
      s = copy.scenario;
      copied.push(basename(path));
    }
    scenarios.push(s);
  }
  const per = Math.ceil(total / scenarios.length);
  log(`${keepBugs ? "engine as shipped" : "correct engine"}: ${scenarios.length} shipped scenarios, split evenly: ${per} seeds each (${per * scenarios.length} in all; MVSIM_SOAK_SEEDS=${total}),`);
  log(`seeds derivedSeed(${master === undefined ? "gate.masterSeed" : master}, 0..${per - 1}) (MVSIM_SOAK_MASTER), on ${cores} workers.`);
  if (keepBugs) log("MVSIM_SOAK_KEEP_BUGS=1: bug scenarios run as shipped, with their switches ON (this soak is expected to fail).");
  else log(`Bug scenarios run from copies with "bugs": [] in ${dir}: ${copied.join(", ")}.`);
  const t0 = performance.now();
  const reports = await runScenarios({
    scenarios,
    seeds: (s) => ({ kind: "derived", master: master ?? s.gate.masterSeed, count: per }),
    shard: WHOLE,
    workers: cores,
    extraBugs: [],
    progress: { write: (t) => process.stderr.write(t), tty: Boolean(process.stderr.isTTY) },
  });
  const ms = performance.now() - t0;
  let run = 0;
  let violations = 0;
  let unknown = 0;
  const failures: string[] = [];
  for (const r of reports) {
    run += r.summary.seedsRun;
    violations += r.summary.violations;
    unknown += r.summary.unknown;
    for (const seed of r.seeds) {
      if (seed.verdict === "violation") {
        const v = seed.violations[0];
        failures.push(`VIOLATION ${r.name} seed ${seed.seed}: ${v ? `${v.property} / ${v.kind}: ${v.explanation.split("\n")[0]}` : "?"}`);
        failures.push(`  replay: ${seed.replay}`);
      } else if (seed.verdict === "unknown") {
        failures.push(`UNKNOWN ${r.name} seed ${seed.seed}: ${(seed.unknownReasons ?? []).join("; ")}`);
        failures.push(`  replay: ${seed.replay}`);
      }
    }
  }
  log(`seeds run: ${run}, violations: ${violations}, unknown: ${unknown}, ${(run / (ms / 1000)).toFixed(1)} seeds/s (${(ms / 1000).toFixed(1)} s wall)`);
  if (failures.length === 0) {
    rmSync(dir, { recursive: true, force: true });
    log("soak passed");
    return;
  }
  const shown = failures.slice(0, 200);
  for (const f of shown) log(f);
  if (shown.length < failures.length) log(`... ${(failures.length - shown.length) / 2} more`);
  if (keepBugs) rmSync(dir, { recursive: true, force: true });
  const kept = keepBugs ? "" : ` (copies kept in ${dir} for the replay lines)`;
  log(`SOAK FAILED: ${violations} seeds with violations and ${unknown} unknown${keepBugs ? " (bug switches on)" : " on the correct engine"}${kept}`);
  process.stderr.write(`\nSOAK FAILED: ${violations} violations, ${unknown} unknown; see bench/results.md\n`);
  process.exitCode = 1;
}
