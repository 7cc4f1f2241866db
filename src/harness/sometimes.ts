// Sometimes-coverage across seeds: how many seeds of a scenario reached each
// rare engine event (src/engine/sometimes.ts), and which events a scenario
// declares in `"sometimes": [...]` but no seed reached (the gate fails those).
// Contract: counts come from the simulator's per-seed marks, never from timing.
import { isSometimesLabel, SOMETIMES_LABELS, type SometimesLabel } from "../engine/sometimes.js";
import { asArray, asString, fail } from "./scenario-fields.js";
import type { JsonValue } from "./scenario-json.js";

/** Reads a scenario's `sometimes`: a list of known labels, each once. Throws FieldError. */
export function readSometimes(raw: JsonValue): SometimesLabel[] {
  const labels = asArray("sometimes", raw, "event labels").map((v, i) => {
    const label = asString(`sometimes[${i}]`, v);
    if (!isSometimesLabel(label)) fail(`sometimes[${i}]`, `one of ${SOMETIMES_LABELS.map((l) => `"${l}"`).join(", ")}`, label);
    return label;
  });
  const dup = labels.find((l, i) => labels.indexOf(l) !== i);
  if (dup !== undefined) fail("sometimes", "each label at most once", labels);
  return labels;
}

/** Per label, seeds that reached it at least once (every label, in table order). */
export function seedsReaching(perSeed: readonly (Readonly<Record<string, number>> | undefined)[]): Record<SometimesLabel, number> {
  const out = Object.fromEntries(SOMETIMES_LABELS.map((l) => [l, 0])) as Record<SometimesLabel, number>;
  for (const counts of perSeed) {
    if (!counts) continue;
    for (const l of SOMETIMES_LABELS) if ((counts[l] ?? 0) > 0) out[l]++;
  }
  return out;
}

/** Declared labels no seed reached, in declaration order. */
export function unreached(declared: readonly string[], reached: Readonly<Record<string, number>>): string[] {
  return declared.filter((l) => (reached[l] ?? 0) === 0);
}
