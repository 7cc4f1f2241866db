// Violations as text for a terminal: one headline each, then the explanation.
import { violationPlace } from "../history/ids.js";
import type { Violation } from "../history/verdict.js";
import type { Io } from "./command.js";

export function printViolations(io: Io, violations: readonly Violation[], max = 5): void {
  violations.slice(0, max).forEach((v, i) => {
    io.out(`violation ${i + 1}: ${v.property} / ${v.kind} ${violationPlace(v)}`);
    for (const line of v.explanation.split("\n")) io.out(`  ${line}`);
  });
  if (violations.length > max) io.out(`(${violations.length - max} more violations in the report)`);
}
