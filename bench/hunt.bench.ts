// How fast each bug switch is found: for every switch and strategy, the median
// seeds and wall time to the first violation over independent master seeds,
// with the property reported against the one the switch breaks (BUG_TABLE).
// Knobs (env): MVSIM_HUNT_MASTERS (10), MVSIM_HUNT_CAP (2000),
// MVSIM_HUNT_BUGS (comma list; all), MVSIM_HUNT_STRATEGIES (random,pct,dfs),
// MVSIM_HUNT_DFS_MAX_OPS (32), MVSIM_HUNT_DFS_BOUND (dfs preemption bound; none).
import { performance } from "node:perf_hooks";
import { BUG_NAMES, BUG_TABLE, isBugName, type BugName } from "../src/engine/bugs.js";
import { huntBug, huntBugDfs, type HuntResult } from "../src/harness/hunt.js";
import { loadScenario, type Scenario } from "../src/harness/scenario.js";

function envInt(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`env ${name}: expected an integer >= ${min}, got "${raw}"`);
  return n;
}

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

async function warmUp(bug: BugName | undefined): Promise<void> {
  if (bug === undefined) return;
  const loaded = await loadScenario(`scenarios/bugs/${bug}.json`);
  if (loaded.ok) huntBug({ scenario: { ...loaded.scenario, bugs: [] }, maxSeeds: 3, masterSeed: 1n << 63n });
}

export async function benchHunt(log: (line: string) => void): Promise<void> {
  const masters = envInt("MVSIM_HUNT_MASTERS", 10, 1);
  const cap = envInt("MVSIM_HUNT_CAP", 2000, 1);
  const dfsMaxOps = envInt("MVSIM_HUNT_DFS_MAX_OPS", 32, 0);
  const boundRaw = process.env.MVSIM_HUNT_DFS_BOUND;
  const bound = boundRaw === undefined || boundRaw === "" ? undefined : envInt("MVSIM_HUNT_DFS_BOUND", 0, 0);
  const bugs = envList("MVSIM_HUNT_BUGS", BUG_NAMES, BUG_NAMES).filter(isBugName);
  const strategies = envList("MVSIM_HUNT_STRATEGIES", STRATEGIES, STRATEGIES);
  const masterSeeds = Array.from({ length: masters }, (_, k) => BigInt(k));

  log(`master seeds m = 0..${masters - 1}; seed i of master m is derivedSeed(m, i) (src/harness/seeds.ts); cap ${cap} seeds per hunt.`);
  log(`Each scenario runs with its "bugs" replaced by the one switch under test; random/pct use the scenario's own parameters when it names`);
  log(`that strategy, else the defaults (pct: depth 3, maxSteps = the scenario's stepBudgetMax).`);
  log(`dfs runs only on small scenarios: processes × threads × opsPerThread <= ${dfsMaxOps} client ops (MVSIM_HUNT_DFS_MAX_OPS).`);
  log(`dfs counts runs, not seeds: it runs the schedules of derivedSeed(m, 0) in DFS order (preemption bound ${bound ?? "none"}),`);
  log(`then of derivedSeed(m, 1) once that tree is exhausted, ...; runs differ in their schedule only, and DFS varies the last decisions first.`);
  log(`"seeds"/"ms" are lower medians over the ${masters} masters (a hunt that hits the cap counts as never found: >${cap});`);
  log(`ms is wall time from the first seed to the detection. "own prop" = found hunts whose failing seed also reports the switch's property.`);
  log("");
  log("| switch | breaks | strategy | found | seeds | ms | first property reported | own prop | hunt s (all masters) |");
  log("|---|---|---|---|---|---|---|---|---|");

  const notes: string[] = [];
  // Warm-up: the first hunt's wall time should not include compiling the engine.
  await warmUp(bugs[0]);
  for (const bug of bugs) {
    const file = `scenarios/bugs/${bug}.json`;
    const loaded = await loadScenario(file);
    if (!loaded.ok) {
      // One broken scenario (others may be mid-edit) should not hide the rest of the table.
      log(`| ${bug} | ${BUG_TABLE[bug].breaks} | — | ERROR: the scenario does not load (see below) | | | | | |`);
      notes.push(`ERROR ${loaded.error}`);
      process.exitCode = 1;
      continue;
    }
    const s = loaded.scenario;
    const others = s.bugs.filter((b) => b !== bug);
    if (!s.bugs.includes(bug as never)) notes.push(`${file}: its "bugs" does not turn on ${bug}; the bench turns it on.`);
    if (others.length > 0) notes.push(`${file}: also turns on ${others.join(", ")}; the bench runs ${bug} alone.`);
    notes.push(`${bug}: gate.masterSeed ${s.gate.masterSeed} is ${s.gate.masterSeed < BigInt(masters) ? `master m=${s.gate.masterSeed} here` : "not among the masters here"}.`);
    const scenario: Scenario = { ...s, bugs: [] };
    const breaks = BUG_TABLE[bug].breaks;
    for (const strategy of strategies) {
      const ops = clientOps(s);
      if (strategy === "dfs" && ops > dfsMaxOps) {
        log(`| ${bug} | ${breaks} | dfs | skipped: ${ops} client ops > ${dfsMaxOps} | | | | | |`);
        continue;
      }
      const t0 = performance.now();
      const attempts: Attempt[] = [];
      try {
        for (const m of masterSeeds) {
          process.stderr.write(`hunt ${bug} ${strategy} master ${m} (${attempts.length + 1}/${masters})\n`);
          const t = performance.now();
          if (strategy === "dfs") {
            const r = huntBugDfs({ scenario, bug, maxRuns: cap, masterSeed: m, ...(bound !== undefined ? { dfs: { preemptionBound: bound } } : {}) });
            attempts.push(attempt(r, performance.now() - t, breaks, typeof r === "string" ? 0 : r.seedsExhausted));
          } else {
            attempts.push(attempt(huntBug({ scenario, bug, strategy, maxSeeds: cap, masterSeed: m }), performance.now() - t, breaks));
          }
        }
      } catch (e) {
        // E.g. DfsNondeterminism: a finding about the harness, shown in place of the row.
        const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        log(`| ${bug} | ${breaks} | ${strategy} | ERROR after ${attempts.length} masters (see below) | | | | | |`);
        notes.push(`ERROR ${bug} (${strategy}): ${message.split("\n")[0]}`);
        process.exitCode = 1;
        continue;
      }
      const found = attempts.filter((a) => a.found);
      const seeds = lowerMedian(attempts.map((a) => (a.found ? a.seeds : Infinity)));
      const ms = lowerMedian(attempts.map((a) => (a.found ? a.ms : Infinity)));
      const own = found.filter((a) => a.breaksAmong).length;
      const exhausted = attempts.reduce((n, a) => n + (a.exhausted ?? 0), 0);
      const label = strategy === "dfs" ? `dfs (runs${exhausted > 0 ? `; ${exhausted} trees exhausted` : ""})` : strategy;
      log(
        `| ${bug} | ${breaks} | ${label} | found ${found.length}/${masters} | ${Number.isFinite(seeds) ? seeds : `>${cap}`} | ` +
          `${Number.isFinite(ms) ? ms.toFixed(0) : "—"} | ${firstProperties(found)} | ${found.length === 0 ? "—" : `${own}/${found.length}`} | ` +
          `${((performance.now() - t0) / 1000).toFixed(1)} |`,
      );
      if (own < found.length) notes.push(`WRONG PROPERTY? ${bug} (${strategy}): ${found.length - own} of ${found.length} found hunts never report ${breaks}.`);
      else if (found.some((a) => a.first !== breaks)) notes.push(`${bug} (${strategy}): the first violation reported is not always ${breaks} (it is among the others).`);
    }
  }
  log("");
  for (const n of notes) log(n);
}
