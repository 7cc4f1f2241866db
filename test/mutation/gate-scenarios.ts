// Which scenarios the reduced mutation gate runs, and how many seeds of each.
// "before" is pinned: the correct-engine scenario files at commit 2403ef6, the
// last commit before issue #13's work (those files are unchanged since); "after"
// is every correct-engine scenario shipped today (the same twelve plus swarm).
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

export type MutationGate = "before" | "after";

/** Gate seeds per scenario: derivedSeed(gate.masterSeed, 0..n-1), the real gate's first ones. */
export const MUTATION_GATE_SEEDS = 2;

/** The 2403ef6 list, cheapest first: Stryker stops a mutant's run at the first failing scenario. */
const BEFORE_ISSUE_13 = [
  "single-writer-dies",
  "power-loss-group-commit",
  "crash-mid-commit",
  "hot-key-contention",
  "random-crashes-and-power",
  "reader-registration-gc",
  "register-linearizability",
  "commit-burst-one-ms",
  "bank-transfers",
  "gc-long-readers",
  "checkpoint-wal-truncation",
  "adversarial-schedule",
];

export function mutationGate(raw: string | undefined): MutationGate {
  if (raw === undefined || raw === "" || raw === "after") return "after";
  if (raw === "before") return "before";
  throw new Error(`env MVSIM_MUTATION_GATE: expected before or after, got "${raw}"`);
}

/** The gate's scenarios in run order: "after" is the 2403ef6 list, then every scenario shipped since. */
export function gateScenarios(gate: MutationGate): string[] {
  if (gate === "before") return [...BEFORE_ISSUE_13];
  const dir = fileURLToPath(new URL("../../scenarios/", import.meta.url));
  const shipped = readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
  return [...BEFORE_ISSUE_13.filter((s) => shipped.includes(s)), ...shipped.filter((s) => !BEFORE_ISSUE_13.includes(s))];
}
