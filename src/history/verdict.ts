// Results as data. A run or a checker answers ok, violation or unknown (a
// budget counted in steps or states ran out: never wall time). Each violation
// names the property it breaks and carries evidence a person can read.

import type { ActorKind, StepKind } from "./ids.js";

export type Verdict = "ok" | "violation" | "unknown";

/** The promises of ../shared/ENGINE.md, one name each. */
export type Property =
  | "snapshot-isolation"
  | "write-conflict" // first-committer-wins
  | "atomic-visibility"
  | "reclamation"
  | "durability"
  | "linearizability"
  | "liveness"
  | "serializability"
  | "engine-error"; // an uncaught error or broken internal assertion

export interface Violation {
  /** What was seen, e.g. "deadlock", "use-after-free", "G-single", "lost-update". */
  readonly kind: string;
  readonly property: Property;
  /** Where it shows first: a history index, or a scheduler step when stepKind says so. */
  readonly step: number;
  /** What `step` counts; absent = "history-index" (src/history/ids.ts). */
  readonly stepKind?: StepKind;
  /** Who is involved: history processes, or scheduler threads when actorKind says so. */
  readonly threads: readonly number[];
  /** What `threads` holds; absent = "process". */
  readonly actorKind?: ActorKind;
  /** Plain data backing the claim (cycle, sites, partial linearization...). */
  readonly evidence: unknown;
  /** One or more sentences a person can follow. */
  readonly explanation: string;
  /** Consistency models this rules out, where that applies. */
  readonly rulesOut?: readonly string[];
}

/**
 * Root causes before symptoms: a freed block read, a lost acknowledged write or
 * a half-visible commit makes later reads look like isolation anomalies, so a
 * report leads with the property that explains the others.
 */
const ROOT_CAUSE_ORDER: readonly Property[] = [
  "reclamation",
  "durability",
  "atomic-visibility",
  "write-conflict",
  "snapshot-isolation",
  "serializability",
  "linearizability",
  "liveness",
  "engine-error",
];

/** The violations, most fundamental property first; stable within a property. */
export function rootCauseFirst(violations: readonly Violation[]): Violation[] {
  const rank = (v: Violation): number => ROOT_CAUSE_ORDER.indexOf(v.property);
  return violations.map((v, i) => ({ v, i })).sort((a, b) => rank(a.v) - rank(b.v) || a.i - b.i).map(({ v }) => v);
}

/**
 * An error that knows which promise it breaks (an engine's own invariant
 * check): a thread that throws it is reported under that property.
 */
export function propertyOfError(e: unknown): Property | undefined {
  const breaks = typeof e === "object" && e !== null ? (e as { breaks?: unknown }).breaks : undefined;
  return typeof breaks === "string" && (ROOT_CAUSE_ORDER as readonly string[]).includes(breaks) ? (breaks as Property) : undefined;
}

/** Combines verdicts: any violation wins, then unknown, else ok. */
export function combineVerdicts(verdicts: Iterable<Verdict>): Verdict {
  let out: Verdict = "ok";
  for (const v of verdicts) {
    if (v === "violation") return "violation";
    if (v === "unknown") out = "unknown";
  }
  return out;
}
