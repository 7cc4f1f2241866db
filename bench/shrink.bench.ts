// How small each switch's failure becomes: hunt the switch's scenario (its own
// strategy and master seed), shrink the first failing seed, and replay the
// shrunk schedule strictly. Prints sizes before and after and whether the
// replay shows the same property and kind.
// Knobs (env): MVSIM_SHRINK_BUGS (comma list; all), MVSIM_SHRINK_RUNS (400),
// MVSIM_HUNT_CAP (2000).
import { performance } from "node:perf_hooks";
import { BUG_NAMES, isBugName } from "../src/engine/bugs.js";
import { huntBug } from "../src/harness/hunt.js";
import { loadScenario } from "../src/harness/scenario.js";
import type { ShrinkSize } from "../src/harness/shrink.js";
import { shrinkScenarioSeed } from "../src/harness/shrink-seed.js";
import { envInt } from "./env-knobs.js";

const size = (s: ShrinkSize): string => `${s.threads} thr / ${s.ops} ops / ${s.steps} steps / ${s.switches} sw`;


export async function benchShrink(log: (line: string) => void): Promise<void> {
  const raw = process.env.MVSIM_SHRINK_BUGS;
  const bugs = raw ? raw.split(",").map((b) => b.trim()) : [...BUG_NAMES];
  for (const b of bugs) if (!isBugName(b)) throw new Error(`env MVSIM_SHRINK_BUGS: unknown switch "${b}"`);
  const runsMax = envInt("MVSIM_SHRINK_RUNS", 400, 1);
  const cap = envInt("MVSIM_HUNT_CAP", 2000, 1);
  log(`Each switch: first failing seed of scenarios/bugs/NAME.json (its strategy, its master seed), shrunk with at most ${runsMax} runs, then replayed strictly.`);
  log("");
  log("| switch | seed | violation kept | before | after | runs | replays | ms |");
  log("|---|---|---|---|---|---|---|---|");
  for (const bug of bugs) {
    const loaded = await loadScenario(`scenarios/bugs/${bug}.json`);
    if (!loaded.ok) {
      log(`| ${bug} | – | scenario does not load: ${loaded.error} | | | | | |`);
      continue;
    }
    const s = loaded.scenario;
    const t0 = performance.now();
    const hunt = huntBug({ scenario: s, maxSeeds: cap });
    if (typeof hunt === "string") throw new Error(hunt);
    if (!hunt.found) {
      log(`| ${bug} | – | not found in ${cap} seeds | | | | | |`);
      continue;
    }
    const r = shrinkScenarioSeed(s, hunt.found.seed, [], runsMax);
    if (typeof r === "string") throw new Error(r);
    const ms = Math.round(performance.now() - t0);
    if (!r) {
      log(`| ${bug} | ${hunt.found.seed} | the seed did not fail again | | | | | ${ms} |`);
      continue;
    }
    const v = r.result.violation;
    log(`| ${bug} | ${hunt.found.seed} | ${v.property} / ${v.kind} | ${size(r.result.before)} | ${size(r.result.after)} | ${r.result.runs} | ${r.reproduced ? "yes" : "NO"} | ${ms} |`);
  }
}
