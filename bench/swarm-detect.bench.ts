// Does the swarm scenario alone find every bug switch (issue #13)? For each
// switch and master seed, the swarm's own seed sequence (derivedSeed(m, i), each
// seed drawing its whole configuration) runs with the switch on until the first
// violation or a cap; the table gives found k/n and medians over the masters.
// Knobs (env): MVSIM_SWARM_MASTERS (10), MVSIM_SWARM_CAP (2000 seeds),
// MVSIM_SWARM_BUGS (comma list; all), MVSIM_SWARM_WORKERS (1),
// MVSIM_SWARM_SCENARIO (scenarios/swarm.json).
import { performance } from "node:perf_hooks";
import { isMainThread, parentPort } from "node:worker_threads";
import { BUG_NAMES, BUG_TABLE, isBugName, type BugName } from "../src/engine/bugs.js";
import { huntBug } from "../src/harness/hunt.js";
import { loadScenario, type Scenario } from "../src/harness/scenario.js";
import { serveJobs } from "../src/harness/pool-worker.js";
import { mapInWorkers } from "../src/harness/worker-pool.js";
import { envInt } from "./env-knobs.js";

interface Job {
  readonly file: string;
  readonly bug: BugName;
  /** Decimal. */
  readonly master: string;
  readonly cap: number;
}

interface Attempt {
  readonly found: boolean;
  /** Seeds run, the detecting one included. */
  readonly seeds: number;
  /** Simulated µs summed over those seeds, and of the detecting seed alone. */
  readonly simUs: number;
  readonly simUsLast: number;
  readonly wallMs: number;
  readonly property?: string;
  readonly ownAmong?: boolean;
}

type JobResult = { readonly attempt: Attempt } | { readonly error: string };

const loaded = new Map<string, Scenario | string>();

async function scenarioOf(file: string): Promise<Scenario | string> {
  const cached = loaded.get(file);
  if (cached !== undefined) return cached;
  const r = await loadScenario(file);
  const s = r.ok ? { ...r.scenario, bugs: [] } : r.error;
  loaded.set(file, s);
  return s;
}

async function runJob(job: Job): Promise<JobResult> {
  const s = await scenarioOf(job.file);
  if (typeof s === "string") return { error: s };
  let simUs = 0;
  let simUsLast = 0;
  const t = performance.now();
  const onSeed = (r: { outcome: { timeUs: number } }): void => {
    simUs += r.outcome.timeUs;
    simUsLast = r.outcome.timeUs;
  };
  const r = huntBug({ scenario: s, bug: job.bug, maxSeeds: job.cap, masterSeed: BigInt(job.master), onSeed });
  const wallMs = performance.now() - t;
  if (typeof r === "string") return { error: r };
  const f = r.found;
  if (!f) return { attempt: { found: false, seeds: r.seedsRun, simUs, simUsLast: 0, wallMs } };
  const own = BUG_TABLE[job.bug].breaks;
  return { attempt: { found: true, seeds: f.seedsRun, simUs, simUsLast, wallMs, property: f.violation.property, ownAmong: f.violations.some((v) => v.property === own) } };
}

// This file is also the pool's worker: the bench names it in the environment it hands on.
const WORKER_FLAG = "MVSIM_SWARM_DETECT_WORKER_URL";
if (!isMainThread && parentPort && process.env[WORKER_FLAG] === import.meta.url) {
  serveJobs(runJob);
}

/** Lower median; Infinity stands for "not found". */
function lowerMedian(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

function envBugs(): BugName[] {
  const raw = process.env.MVSIM_SWARM_BUGS;
  if (raw === undefined || raw === "") return [...BUG_NAMES];
  const items = raw.split(",").map((x) => x.trim()).filter((x) => x.length > 0);
  for (const x of items) if (!isBugName(x)) throw new Error(`env MVSIM_SWARM_BUGS: unknown "${x}", expected some of ${BUG_NAMES.join(",")}`);
  return items.filter(isBugName);
}

function seconds(us: number): string {
  if (!Number.isFinite(us)) return "—";
  return us >= 10_000_000 ? (us / 1e6).toFixed(0) : (us / 1e6).toFixed(2);
}

export async function benchSwarmDetect(log: (line: string) => void): Promise<void> {
  const masters = envInt("MVSIM_SWARM_MASTERS", 10, 1);
  const cap = envInt("MVSIM_SWARM_CAP", 2000, 1);
  const workers = envInt("MVSIM_SWARM_WORKERS", 1, 1);
  const file = process.env.MVSIM_SWARM_SCENARIO || "scenarios/swarm.json";
  const bugs = envBugs();
  const s = await scenarioOf(file);
  if (typeof s === "string") throw new Error(s);
  if (!s.swarm) throw new Error(`${file}: not a swarm scenario (no "swarm" ranges)`);

  log(`${file}, unchanged but for the one switch under test; master seeds m = 0..${masters - 1}, seed i of master m is`);
  log(`derivedSeed(m, i) and draws its whole configuration from itself; cap ${cap} seeds per (switch, master).`);
  log(`"seeds" = lower median over the masters of seeds run up to and including the first violation (not found counts as >${cap});`);
  log(`"sim s" = lower median of the simulated seconds summed over those seeds, "sim s (seed)" of the detecting seed alone.`);
  log(`${workers === 1 ? "One hunt at a time" : `${workers} hunts side by side (MVSIM_SWARM_WORKERS)`}; "wall s" sums a row's hunts.`);
  log("");

  const jobs: Job[] = [];
  for (const bug of bugs) for (let m = 0; m < masters; m++) jobs.push({ file, bug, master: String(m), cap });
  const say = (j: Job, done: number, r: JobResult): void => {
    const a = "attempt" in r ? r.attempt : undefined;
    const what = a === undefined ? "error" : a.found ? `found after ${a.seeds} (${seconds(a.simUs)} sim s, ${a.property})` : `not found in ${a.seeds}`;
    process.stderr.write(`swarm-detect ${done}/${jobs.length}: ${j.bug} master ${j.master}: ${what}\n`);
  };
  let results: JobResult[];
  if (workers <= 1) {
    results = [];
    for (const j of jobs) {
      results.push(await runJob(j));
      say(j, results.length, results[results.length - 1]!);
    }
  } else {
    process.env[WORKER_FLAG] = import.meta.url;
    results = await mapInWorkers<Job, JobResult>(new URL(import.meta.url), jobs, { workers, jobsPerMessageMax: 1, onResult: (i, done, r) => say(jobs[i]!, done, r as JobResult) });
  }

  log("| switch | breaks | found | seeds | sim s | sim s (seed) | first property reported | own prop | wall s |");
  log("|---|---|---|---|---|---|---|---|---|");
  const notes: string[] = [];
  for (const [b, bug] of bugs.entries()) {
    const mine = results.slice(b * masters, (b + 1) * masters);
    const errors = mine.flatMap((r) => ("error" in r ? [r.error] : []));
    const breaks = BUG_TABLE[bug].breaks;
    if (errors.length > 0) {
      log(`| ${bug} | ${breaks} | ERROR in ${errors.length}/${masters} | | | | | | |`);
      notes.push(`ERROR ${bug}: ${errors[0]}`);
      process.exitCode = 1;
      continue;
    }
    const as = mine.flatMap((r) => ("attempt" in r ? [r.attempt] : []));
    const found = as.filter((a) => a.found);
    const med = (f: (a: Attempt) => number): number => lowerMedian(as.map((a) => (a.found ? f(a) : Infinity)));
    const seeds = med((a) => a.seeds);
    const counts = new Map<string, number>();
    for (const a of found) counts.set(a.property!, (counts.get(a.property!) ?? 0) + 1);
    const props = [...counts].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([p, n]) => `${p}×${n}`).join(", ") || "—";
    const own = found.filter((a) => a.ownAmong).length;
    const wall = as.reduce((n, a) => n + a.wallMs, 0) / 1000;
    log(
      `| ${bug} | ${breaks} | ${found.length}/${masters} | ${Number.isFinite(seeds) ? seeds : `>${cap}`} | ${seconds(med((a) => a.simUs))} | ` +
        `${seconds(med((a) => a.simUsLast))} | ${props} | ${found.length === 0 ? "—" : `${own}/${found.length}`} | ${wall.toFixed(1)} |`,
    );
    if (own < found.length) notes.push(`${bug}: ${found.length - own} of ${found.length} detecting seeds do not report ${breaks} (another property broke first).`);
  }
  log("");
  for (const n of notes) log(n);
}
