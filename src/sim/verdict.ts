// Results as data. A run or a checker answers ok, violation or unknown (a
// budget counted in steps or states ran out: never wall time). Each violation
// names the property it breaks and carries evidence a person can read.

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
  /** Step index (or history index) where it shows first. */
  readonly step: number;
  /** Thread ids (or process ids for histories) involved. */
  readonly threads: readonly number[];
  /** Plain data backing the claim (cycle, sites, partial linearization...). */
  readonly evidence: unknown;
  /** One or more sentences a person can follow. */
  readonly explanation: string;
  /** Consistency models this rules out, where that applies. */
  readonly rulesOut?: readonly string[];
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
