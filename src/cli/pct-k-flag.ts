// The --pct-k K flag of replay and shrink: PCT's k as a replay line recorded
// it, so a seed runs with the k it ran with in the gate instead of calibrating
// again. Contract: an integer within the scenario field's range, else a UsageError.
import { RANGES } from "../harness/scenario-ranges.js";
import { flag, UsageError, type ParsedArgs } from "./args.js";

export const PCT_K_HELP = "  --pct-k K       PCT's k (expected run length) as the replay line recorded it; without it a pct scenario with no maxSteps calibrates k again";

export function pctKFlag(args: ParsedArgs): number | undefined {
  const raw = flag(args, "pct-k");
  if (raw === undefined) return undefined;
  const { min, max } = RANGES.pctMaxSteps;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new UsageError(`--pct-k expects an integer from ${min} to ${max}, got "${raw}"`);
  return Number(raw);
}
