// One-line text for a step, for `replay --trace` and deadlock reports.
import type { Step } from "../engine/ports.js";

export function describeStep(s: Step): string {
  const label = s.label !== undefined ? ` [${s.label}]` : "";
  switch (s.kind) {
    case "atomic":
      return `${s.op}${s.wide ? "64" : ""} @${s.addr}${label}`;
    case "block":
      return `block on ${s.on.name}${label}`;
    case "spin":
      return `spin${label}`;
    case "point":
      return `point${label}`;
    case "disk":
      return `disk ${s.op} ${s.path}${label}`;
  }
}
