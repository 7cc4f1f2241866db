// When two steps of different threads commute, for partial-order reduction (dfs
// sleep sets). Conservative: "independent" only when both orders reach the same
// shared state and neither step enables or disables the other; unsure = dependent.
import type { AtomicOp, Step } from "../../engine/ports.js";

/** The part of a step that independence looks at: plain data, no closures. */
export interface StepShape {
  readonly kind: Step["kind"];
  readonly op?: AtomicOp;
  readonly addr?: number;
  readonly wide?: boolean;
}

export function stepShape(step: Step): StepShape {
  if (step.kind === "atomic") {
    return step.wide ? { kind: "atomic", op: step.op, addr: step.addr, wide: true } : { kind: "atomic", op: step.op, addr: step.addr };
  }
  return { kind: step.kind };
}

// Ops that only read memory. "read" has an unknown word count, but two reads commute anyway.
const READS: ReadonlySet<AtomicOp> = new Set(["load", "read"]);

/**
 * - "point" and "spin" touch nothing shared: independent of everything.
 * - "block", "disk", "alloc", "free": dependent on everything (they wait on, or
 *   change, state we do not model here).
 * - Two atomic accesses: independent if both only read, or if their words are
 *   disjoint. "read"/"write" carry no word count, so they are assumed to overlap
 *   every other access.
 */
export function independent(a: StepShape, b: StepShape): boolean {
  if (a.kind === "point" || a.kind === "spin" || b.kind === "point" || b.kind === "spin") return true;
  if (a.kind !== "atomic" || b.kind !== "atomic") return false;
  const opA = a.op!;
  const opB = b.op!;
  if (opA === "alloc" || opA === "free" || opB === "alloc" || opB === "free") return false;
  if (READS.has(opA) && READS.has(opB)) return true;
  if (opA === "read" || opA === "write" || opB === "read" || opB === "write") return false;
  return !overlap(a, b);
}

function overlap(a: StepShape, b: StepShape): boolean {
  const a0 = a.addr!;
  const b0 = b.addr!;
  const a1 = a0 + (a.wide ? 1 : 0);
  const b1 = b0 + (b.wide ? 1 : 0);
  return a0 <= b1 && b0 <= a1;
}
