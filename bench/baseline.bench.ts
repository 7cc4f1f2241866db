// Baseline: fast-check's `fc.scheduler()` against mvsim on the same two races
// (a lost update and the write-write check TOCTOU), runs and wall time to the
// first failing run, medians over 10 master seeds, measured in one process.
// Contract: counts are deterministic per master seed; only the ms columns vary.
import { fastCheckFirstFailure, type FirstFailure } from "./baseline/fast-check-races.js";
import { mvsimFirstFailure } from "./baseline/mvsim-races.js";
import { describeShape, type RaceShape } from "./baseline/race-shape.js";

const MASTERS = 10;
/** Runs (seeds) one master may spend before it counts as "not found". */
const MAX_RUNS = 2_000;
/** A search faster than this is timed TIMING_REPS times (its counts are deterministic), keeping the median. */
const TIMING_REPS = 3;
const REPEAT_BELOW_MS = 50;

/** The bare race, then the race inside a transaction's worth of private steps. */
export const BASELINE_SHAPES: readonly RaceShape[] = [
  { race: "lost-update", tasks: 2, filler: 0 },
  { race: "ww-toctou", tasks: 2, filler: 0 },
  { race: "lost-update", tasks: 2, filler: 16 },
  { race: "ww-toctou", tasks: 2, filler: 16 },
  { race: "lost-update", tasks: 2, filler: 64 },
  { race: "ww-toctou", tasks: 2, filler: 64 },
];

export interface ToolRow {
  readonly tool: string;
  /** Master seeds 1..MASTERS, one first-failure search each. */
  readonly results: readonly FirstFailure[];
}

type Search = (shape: RaceShape, master: number) => Promise<FirstFailure>;

export const TOOLS: readonly [string, Search][] = [
  ["fast-check fc.scheduler", (shape, m) => fastCheckFirstFailure(shape, m, MAX_RUNS)],
  ["mvsim random", async (shape, m) => mvsimFirstFailure(shape, "random", BigInt(m), MAX_RUNS)],
  ["mvsim pct d=2", async (shape, m) => mvsimFirstFailure(shape, "pct", BigInt(m), MAX_RUNS)],
];

/** One master's search; a quick one is repeated and its median time kept. */
async function timedSearch(search: Search, shape: RaceShape, master: number): Promise<FirstFailure> {
  const reps: FirstFailure[] = [await search(shape, master)];
  while (reps.length < TIMING_REPS && reps[0]!.ms < REPEAT_BELOW_MS) reps.push(await search(shape, master));
  const first = reps[0]!;
  if (reps.some((r) => r.runs !== first.runs || r.found !== first.found)) {
    throw new Error(`baseline: master ${master} of ${describeShape(shape)} gave different run counts on repetition`);
  }
  return { ...first, ms: median(reps.map((r) => r.ms)) };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function measure(shape: RaceShape): Promise<ToolRow[]> {
  const rows: ToolRow[] = [];
  for (const [tool, search] of TOOLS) {
    await search(shape, MASTERS + 1); // warm the JIT on this path before timing it
    const results: FirstFailure[] = [];
    for (let m = 1; m <= MASTERS; m++) results.push(await timedSearch(search, shape, m));
    rows.push({ tool, results });
  }
  return rows;
}

function rowLine(race: string, row: ToolRow): string {
  const runs = median(row.results.map((r) => r.runs));
  const ms = median(row.results.map((r) => r.ms));
  const totalRuns = row.results.reduce((a, r) => a + r.runs, 0);
  const totalMs = row.results.reduce((a, r) => a + r.ms, 0);
  const found = row.results.filter((r) => r.found).length;
  const perRun = (1000 * totalMs) / Math.max(totalRuns, 1);
  return (
    `  ${race.padEnd(11)} | ${row.tool.padEnd(23)} | ${fmt(runs, 0).padStart(6)} | ${fmt(ms, 2).padStart(8)} | ` +
    `${fmt(perRun, 1).padStart(8)} | ${found}/${row.results.length}`
  );
}

function fmt(x: number, digits: number): string {
  return x.toFixed(Number.isInteger(x) && digits === 0 ? 0 : Math.max(digits, 1));
}

export async function benchBaseline(log: (line: string) => void): Promise<void> {
  log(`baseline: runs and wall time to the first failing run, median over ${MASTERS} master seeds (budget ${MAX_RUNS} runs)`);
  log("  one scheduling point before every shared access on both sides; fast-check: fc.check with endOnFailure (no shrinking)");
  for (const shape of BASELINE_SHAPES) {
    log(`  ${describeShape(shape)}`);
    log(`  ${"race".padEnd(11)} | ${"tool/strategy".padEnd(23)} | ${"runs".padStart(6)} | ${"ms".padStart(8)} | ${"us/run".padStart(8)} | found`);
    const rows = await measure(shape);
    for (const row of rows) log(rowLine(shape.race, row));
    const [fcRow, ...sim] = rows;
    for (const row of sim) log(`    ${ratioLine(fcRow!, row)}`);
  }
}

function ratioLine(base: ToolRow, row: ToolRow): string {
  const runs = median(base.results.map((r) => r.runs)) / Math.max(median(row.results.map((r) => r.runs)), 1e-9);
  const ms = median(base.results.map((r) => r.ms)) / Math.max(median(row.results.map((r) => r.ms)), 1e-9);
  return `ratio ${base.tool} / ${row.tool}: runs ${runs.toFixed(2)}x, ms ${ms.toFixed(1)}x`;
}
