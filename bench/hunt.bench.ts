// How fast each bug switch is found: for every switch and strategy, the median
// seeds and wall time to the first violation over independent master seeds,
// with the property reported against the one the switch breaks (BUG_TABLE).
// Knobs (env): MVSIM_HUNT_MASTERS (10), MVSIM_HUNT_CAP (2000),
// MVSIM_HUNT_BUGS (comma list; all), MVSIM_HUNT_STRATEGIES (random,pct,dfs),
// MVSIM_HUNT_DFS_MAX_OPS (32), MVSIM_HUNT_DFS_BOUND (dfs preemption bound; none),
// MVSIM_HUNT_WORKERS (1: hunts one after another; more runs hunts side by side).
import { performance } from "node:perf_hooks";
import { isMainThread, parentPort } from "node:worker_threads";
import { BUG_NAMES, BUG_TABLE, isBugName, type BugName } from "../src/engine/bugs.js";
import { huntBug, huntBugDfs, type HuntResult } from "../src/harness/hunt.js";
import { loadScenario, type Scenario } from "../src/harness/scenario.js";
import { serveJobs } from "../src/harness/pool-worker.js";
import { mapInWorkers } from "../src/harness/worker-pool.js";
import { envInt } from "./env-knobs.js";


function envList(name: string, fallback: readonly string[], allowed: readonly string[]): string[] {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return [...fallback];
  const items = raw.split(",").map((x) => x.trim()).filter((x) => x.length > 0);
  for (const x of items) if (!allowed.includes(x)) throw new Error(`env ${name}: unknown "${x}", expected some of ${allowed.join(",")}`);
  return items;
}

const STRATEGIES = ["random", "pct", "dfs"] as const;

interface Attempt {
  readonly found: boolean;
  readonly seeds: number;
  readonly ms: number;
  readonly first?: string;
  /** The switch's own property is among the failing seed's violations. */
  readonly breaksAmong?: boolean;
  readonly exhausted?: number;
}

/** Lower median (of an even count, the lower middle); Infinity stands for "not found". */
function lowerMedian(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

function clientOps(s: Scenario): number {
  return s.processes * s.threadsPerProcess * s.workload.opsPerThread;
}

function attempt(r: HuntResult | string, ms: number, breaks: string, exhausted?: number): Attempt {
  if (typeof r === "string") throw new Error(r);
  const f = r.found;
  if (!f) return { found: false, seeds: r.seedsRun, ms, ...(exhausted !== undefined ? { exhausted } : {}) };
  return {
    found: true,
    seeds: f.seedsRun,
    ms,
    first: f.violation.property,
    breaksAmong: f.violations.some((v) => v.property === breaks),
    ...(exhausted !== undefined ? { exhausted } : {}),
  };
}

/** "write-conflict×7, snapshot-isolation×1": first properties reported, most frequent first. */
function firstProperties(as: readonly Attempt[]): string {
  const counts = new Map<string, number>();
  for (const a of as) if (a.first) counts.set(a.first, (counts.get(a.first) ?? 0) + 1);
  const list = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return list.length === 0 ? "—" : list.map(([p, n]) => `${p}×${n}`).join(", ");
}

/** One hunt: a switch, a strategy, a master seed; plain data so it can cross to a worker. */
interface HuntJob {
  readonly bug: BugName;
  readonly strategy: string;
  /** Decimal. */
  readonly master: string;
  readonly cap: number;
  readonly bound?: number;
}

type JobResult = { readonly attempt: Attempt } | { readonly error: string };

const scenarios = new Map<string, Scenario>();

async function bugScenario(bug: BugName): Promise<Scenario | string> {
  const cached = scenarios.get(bug);
  if (cached) return cached;
  const loaded = await loadScenario(`scenarios/bugs/${bug}.json`);
  if (!loaded.ok) return loaded.error;
  // Only the switch under test: the hunt turns it on, whatever the file's "bugs" say.
  const s: Scenario = { ...loaded.scenario, bugs: [] };
  scenarios.set(bug, s);
  return s;
}

async function runHuntJob(job: HuntJob): Promise<JobResult> {
  try {
    const scenario = await bugScenario(job.bug);
    if (typeof scenario === "string") return { error: scenario };
    const breaks = BUG_TABLE[job.bug].breaks;
    const masterSeed = BigInt(job.master);
    const t = performance.now();
    if (job.strategy === "dfs") {
      const r = huntBugDfs({ scenario, bug: job.bug, maxRuns: job.cap, masterSeed, ...(job.bound !== undefined ? { dfs: { preemptionBound: job.bound } } : {}) });
      return { attempt: attempt(r, performance.now() - t, breaks, typeof r === "string" ? 0 : r.seedsExhausted) };
    }
    return { attempt: attempt(huntBug({ scenario, bug: job.bug, strategy: job.strategy, maxSeeds: job.cap, masterSeed }), performance.now() - t, breaks) };
  } catch (e) {
    // E.g. DfsNondeterminism: a finding about the harness, shown in place of the row.
    return { error: e instanceof Error ? `${e.name}: ${e.message.split("\n")[0]}` : String(e) };
  }
}

// This file is also the pool's worker: benchHunt names it in the environment it hands on.
const WORKER_FLAG = "MVSIM_HUNT_WORKER_URL";
if (!isMainThread && parentPort && process.env[WORKER_FLAG] === import.meta.url) {
  serveJobs(runHuntJob);
}

async function runJobs(jobs: readonly HuntJob[], workers: number): Promise<JobResult[]> {
  const say = (j: HuntJob, done: number): void => void process.stderr.write(`hunt ${done}/${jobs.length}: ${j.bug} ${j.strategy} master ${j.master}\n`);
  if (workers <= 1) {
    const out: JobResult[] = [];
    for (const j of jobs) {
      out.push(await runHuntJob(j));
      say(j, out.length);
    }
    return out;
  }
  process.env[WORKER_FLAG] = import.meta.url;
  // Each job is a whole hunt (seconds): one per message keeps the workers evenly loaded.
  return mapInWorkers<HuntJob, JobResult>(new URL(import.meta.url), jobs, { workers, jobsPerMessageMax: 1, onResult: (i, done) => say(jobs[i]!, done) });
}

export async function benchHunt(log: (line: string) => void): Promise<void> {
  const masters = envInt("MVSIM_HUNT_MASTERS", 10, 1);
  const cap = envInt("MVSIM_HUNT_CAP", 2000, 1);
  const dfsMaxOps = envInt("MVSIM_HUNT_DFS_MAX_OPS", 32, 0);
  const boundRaw = process.env.MVSIM_HUNT_DFS_BOUND;
  const bound = boundRaw === undefined || boundRaw === "" ? undefined : envInt("MVSIM_HUNT_DFS_BOUND", 0, 0);
  const workers = envInt("MVSIM_HUNT_WORKERS", 1, 1);
  const bugs = envList("MVSIM_HUNT_BUGS", BUG_NAMES, BUG_NAMES).filter(isBugName);
  const strategies = envList("MVSIM_HUNT_STRATEGIES", STRATEGIES, STRATEGIES);
  const masterSeeds = Array.from({ length: masters }, (_, k) => String(k));

  log(`master seeds m = 0..${masters - 1}; seed i of master m is derivedSeed(m, i) (src/harness/seeds.ts); cap ${cap} seeds per hunt.`);
  log(`Each scenario runs with its "bugs" replaced by the one switch under test; random/pct use the scenario's own parameters when it names`);
  log(`that strategy, else the defaults (pct: depth 3, maxSteps = the scenario's stepBudgetMax).`);
  log(`dfs runs only on small scenarios: processes × threads × opsPerThread <= ${dfsMaxOps} client ops (MVSIM_HUNT_DFS_MAX_OPS).`);
  log(`dfs counts runs, not seeds: it runs the schedules of derivedSeed(m, 0) in DFS order (preemption bound ${bound ?? "none"}),`);
  log(`then of derivedSeed(m, 1) once that tree is exhausted, ...; runs differ in their schedule only, and DFS varies the last decisions first.`);
  log(`"seeds"/"ms" are lower medians over the ${masters} masters (a hunt that hits the cap counts as never found: >${cap});`);
  log(`ms is wall time from the first seed to the detection. "own prop" = found hunts whose failing seed also reports the switch's property.`);
  log(`${workers === 1 ? "Hunts run one after another" : `Hunts run ${workers} side by side (MVSIM_HUNT_WORKERS)`}; "hunt s" sums the wall time of a row's hunts.`);
  log("");

  const notes: string[] = [];
  const gateMasters = new Map<string, BugName[]>();
  type Row = { bug: BugName; strategy: string; skip?: string; jobs: number[] };
  const rows: Row[] = [];
  const jobs: HuntJob[] = [];
  for (const bug of bugs) {
    const s = await bugScenario(bug);
    if (typeof s === "string") {
      // One broken scenario (others may be mid-edit) should not hide the rest of the table.
      rows.push({ bug, strategy: "—", skip: "ERROR: the scenario does not load (see below)", jobs: [] });
      notes.push(`ERROR ${s}`);
      process.exitCode = 1;
      continue;
    }
    const shipped = await loadScenario(s.file);
    const own = shipped.ok ? shipped.scenario.bugs : [];
    if (!own.includes(bug)) notes.push(`${s.file}: its "bugs" does not turn on ${bug}; the bench turns it on.`);
    const others = own.filter((b) => b !== bug);
    if (others.length > 0) notes.push(`${s.file}: also turns on ${others.join(", ")}; the bench runs ${bug} alone.`);
    const gm = s.gate.masterSeed;
    const where = `gate.masterSeed ${gm} ${gm < BigInt(masters) ? `is master m=${gm} here (its hunts start with the gate's seeds)` : "is not among the masters here"}`;
    gateMasters.set(where, [...(gateMasters.get(where) ?? []), bug]);
    for (const strategy of strategies) {
      const ops = clientOps(s);
      if (strategy === "dfs" && ops > dfsMaxOps) {
        rows.push({ bug, strategy, skip: `skipped: ${ops} client ops > ${dfsMaxOps}`, jobs: [] });
        continue;
      }
      const first = jobs.length;
      for (const master of masterSeeds) jobs.push({ bug, strategy, master, cap, ...(strategy === "dfs" && bound !== undefined ? { bound } : {}) });
      rows.push({ bug, strategy, jobs: masterSeeds.map((_, k) => first + k) });
    }
  }

  // Warm-up: the first hunt's wall time should not include compiling the engine.
  const warm = bugs[0] !== undefined ? await bugScenario(bugs[0]) : undefined;
  if (warm !== undefined && typeof warm !== "string") huntBug({ scenario: warm, maxSeeds: 3, masterSeed: 1n << 63n });
  const results = await runJobs(jobs, workers);

  log("| switch | breaks | strategy | found | seeds | ms | first property reported | own prop | hunt s |");
  log("|---|---|---|---|---|---|---|---|---|");
  for (const row of rows) {
    const breaks = BUG_TABLE[row.bug].breaks;
    if (row.skip !== undefined) {
      log(`| ${row.bug} | ${breaks} | ${row.strategy} | ${row.skip} | | | | | |`);
      continue;
    }
    const mine = row.jobs.map((i) => results[i]!);
    const errors = mine.flatMap((r) => ("error" in r ? [r.error] : []));
    if (errors.length > 0) {
      log(`| ${row.bug} | ${breaks} | ${row.strategy} | ERROR in ${errors.length}/${masters} hunts (see below) | | | | | |`);
      notes.push(`ERROR ${row.bug} (${row.strategy}): ${errors[0]}`);
      process.exitCode = 1;
      continue;
    }
    const attempts = mine.flatMap((r) => ("attempt" in r ? [r.attempt] : []));
    const found = attempts.filter((a) => a.found);
    const seeds = lowerMedian(attempts.map((a) => (a.found ? a.seeds : Infinity)));
    const ms = lowerMedian(attempts.map((a) => (a.found ? a.ms : Infinity)));
    const own = found.filter((a) => a.breaksAmong).length;
    const exhausted = attempts.reduce((n, a) => n + (a.exhausted ?? 0), 0);
    const label = row.strategy === "dfs" ? `dfs (runs${exhausted > 0 ? `; ${exhausted} trees exhausted` : ""})` : row.strategy;
    const total = attempts.reduce((n, a) => n + a.ms, 0);
    log(
      `| ${row.bug} | ${breaks} | ${label} | found ${found.length}/${masters} | ${Number.isFinite(seeds) ? seeds : `>${cap}`} | ` +
        `${Number.isFinite(ms) ? ms.toFixed(0) : "—"} | ${firstProperties(found)} | ${found.length === 0 ? "—" : `${own}/${found.length}`} | ` +
        `${(total / 1000).toFixed(1)} |`,
    );
    if (own < found.length) notes.push(`WRONG PROPERTY? ${row.bug} (${row.strategy}): ${found.length - own} of ${found.length} found hunts never report ${breaks}.`);
    else if (found.some((a) => a.first !== breaks)) notes.push(`${row.bug} (${row.strategy}): the first violation reported is not always ${breaks} (it is among the others).`);
  }
  log("");
  for (const [where, which] of gateMasters) log(`${which.length === bugs.length ? "every switch" : which.join(", ")}: ${where}.`);
  for (const n of notes) log(n);
}
