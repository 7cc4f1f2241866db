// A shrunk failing run as a file: scenario, seed, bug switches, the case
// overrides the shrinker chose, PCT's k when it was calibrated, and the
// decision list. `mvsim replay
// --schedule FILE` reproduces it exactly. Errors name the file and field.
import { decodeSchedule, encodeSchedule } from "./schedule-string.js";
import type { SpecOverrides } from "./run-seed.js";
import { RANGES } from "./scenario-ranges.js";

export const SCHEDULE_FORMAT = "mvsim-schedule/1";

export interface ScheduleFile {
  readonly scenario: string;
  readonly seed: bigint;
  readonly bugs: readonly string[];
  readonly overrides: SpecOverrides;
  readonly decisions: readonly number[];
  /** PCT's k the failing run had when the scenario sets none (calibrated or --pct-k): the seed's run before shrinking is `mvsim replay ... --pct-k K`. */
  readonly pctK?: number;
  /** The violation it shows, for people (not checked on replay). */
  readonly expect?: { readonly property: string; readonly kind: string };
}

export function scheduleFileText(f: ScheduleFile): string {
  return (
    JSON.stringify(
      { format: SCHEDULE_FORMAT, scenario: f.scenario, seed: f.seed.toString(10), bugs: f.bugs, overrides: f.overrides, ...(f.pctK !== undefined ? { pctK: f.pctK } : {}), ...(f.expect ? { expect: f.expect } : {}), schedule: encodeSchedule(f.decisions) },
      null,
      2,
    ) + "\n"
  );
}

const OVERRIDE_KEYS = ["processes", "threadsPerProcess", "opsPerThread", "txnSizeMax", "keyCount", "processCrashesMax", "powerLossesMax"];

export function parseScheduleFile(text: string, file: string): { ok: true; value: ScheduleFile } | { ok: false; error: string } {
  const fail = (field: string, what: string) => ({ ok: false as const, error: `${file}: ${field}: ${what}` });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${file}: not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  if (typeof raw !== "object" || raw === null) return fail("(top)", "expected an object");
  const o = raw as Record<string, unknown>;
  if (o.format !== SCHEDULE_FORMAT) return fail("format", `expected "${SCHEDULE_FORMAT}", got ${JSON.stringify(o.format)}`);
  if (typeof o.scenario !== "string") return fail("scenario", "expected a scenario path");
  if (typeof o.seed !== "string" || !/^\d+$/.test(o.seed)) return fail("seed", "expected a decimal seed string");
  if (!Array.isArray(o.bugs) || !o.bugs.every((b) => typeof b === "string")) return fail("bugs", "expected a list of switch names");
  const ov = o.overrides ?? {};
  if (typeof ov !== "object" || ov === null) return fail("overrides", "expected an object");
  for (const [k, v] of Object.entries(ov)) {
    if (!OVERRIDE_KEYS.includes(k)) return fail(`overrides.${k}`, `unknown field (expected one of ${OVERRIDE_KEYS.join(", ")})`);
    if (!Number.isInteger(v) || (v as number) < 0) return fail(`overrides.${k}`, "expected a non-negative integer");
  }
  const { min, max } = RANGES.pctMaxSteps;
  if (o.pctK !== undefined && (!Number.isInteger(o.pctK) || (o.pctK as number) < min || (o.pctK as number) > max)) return fail("pctK", `expected an integer from ${min} to ${max}`);
  if (typeof o.schedule !== "string") return fail("schedule", "expected a schedule string");
  const d = decodeSchedule(o.schedule);
  if (!d.ok) return fail("schedule", d.error);
  const e = o.expect as { property?: unknown; kind?: unknown } | undefined;
  return {
    ok: true,
    value: {
      scenario: o.scenario,
      seed: BigInt(o.seed),
      bugs: o.bugs as string[],
      overrides: ov as SpecOverrides,
      decisions: d.decisions,
      ...(o.pctK !== undefined ? { pctK: o.pctK as number } : {}),
      ...(e && typeof e.property === "string" && typeof e.kind === "string" ? { expect: { property: e.property, kind: e.kind } } : {}),
    },
  };
}
