// report.json: the whole RunReport as JSON (schema version 1), and the reader
// merge uses to take shard reports back in. Contract: writing is deterministic
// for a given report (bigint as decimal strings, undefined dropped); reading
// checks the fields merge relies on and names the file and field path of the
// first bad one; fields it does not know are kept, never refused (newer writers).
import { asArray, asNumber, asOneOf, asString, FieldError, Fields } from "../harness/scenario-fields.js";
import type { JsonValue } from "../harness/scenario-json.js";
import { readJson } from "../harness/scenario-json.js";
import { REPORT_SCHEMA_VERSION, type RunReport, type ScenarioReport, type SeedResult } from "../harness/run-result.js";
import type { Expectation } from "../harness/scenario.js";
import { PROPERTIES } from "../harness/scenario-validate.js";

export function reportJson(report: RunReport): string {
  return JSON.stringify(report, (_k, v: unknown) => (typeof v === "bigint" ? v.toString(10) : v), 2) + "\n";
}

export type ReportRead = { readonly ok: true; readonly report: RunReport } | { readonly ok: false; readonly error: string };

const VERDICTS = ["ok", "violation", "unknown"] as const;

/** Reads a report.json; the summaries it carries are not trusted (merge recomputes them). */
export function parseReportJson(text: string, file: string): ReportRead {
  const json = readJson(text, file);
  if (!json.ok) return json;
  try {
    return { ok: true, report: readReport(json.value) };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, error: `${file}: ${e.message}` };
    throw e;
  }
}

function readReport(v: JsonValue): RunReport {
  if (typeof v === "object" && v !== null && !Array.isArray(v) && (v as { kind?: unknown }).kind === "check") {
    throw new FieldError(`kind: this is the report of \`mvsim check\` on one history, not a run's report; only run reports merge`);
  }
  const f = new Fields("", v, "a report object");
  const version = f.required("schemaVersion");
  if (version !== REPORT_SCHEMA_VERSION) {
    throw new FieldError(`schemaVersion: expected ${REPORT_SCHEMA_VERSION} (this mvsim reads report schema v${REPORT_SCHEMA_VERSION}), got ${JSON.stringify(version)}`);
  }
  asString("runId", f.required("runId"));
  asString("startedAt", f.required("startedAt"));
  asString("command", f.required("command"));
  asArray("scenarios", f.required("scenarios"), "scenario reports").forEach((s, i) => readScenario(s, `scenarios[${i}]`));
  const conflicts = f.raw("conflicts");
  if (conflicts !== undefined) asArray("conflicts", conflicts, "conflicts");
  return v as unknown as RunReport;
}

function readScenario(v: JsonValue, path: string): ScenarioReport {
  const f = new Fields(path, v, "a scenario report");
  asString(f.at("name"), f.required("name"));
  asString(f.at("file"), f.required("file"));
  readExpect(f.required("expect"), f.at("expect"));
  asArray(f.at("bugs"), f.required("bugs"), "bug names").forEach((b, i) => asString(`${f.at("bugs")}[${i}]`, b));
  asArray(f.at("seeds"), f.required("seeds"), "seed results").forEach((s, i) => readSeed(s, `${f.at("seeds")}[${i}]`));
  return v as unknown as ScenarioReport;
}

function readExpect(v: JsonValue, path: string): Expectation {
  const f = new Fields(path, v, '{ "kind": "pass" } or { "kind": "find", "properties": [...] }');
  const kind = asOneOf(f.at("kind"), f.required("kind"), ["pass", "find"] as const);
  if (kind === "find") asArray(f.at("properties"), f.required("properties"), "properties").forEach((p, i) => asOneOf(`${f.at("properties")}[${i}]`, p, PROPERTIES));
  return v as unknown as Expectation;
}

function readSeed(v: JsonValue, path: string): SeedResult {
  const f = new Fields(path, v, "a seed result");
  asString(f.at("scenario"), f.required("scenario"));
  const seed = asString(f.at("seed"), f.required("seed"));
  if (!/^[0-9]+$/.test(seed)) throw new FieldError(`${f.at("seed")}: expected a decimal seed, got ${JSON.stringify(seed)}`);
  asNumber(f.at("index"), f.required("index"), { integer: true, min: 0 });
  asOneOf(f.at("verdict"), f.required("verdict"), VERDICTS);
  asArray(f.at("violations"), f.required("violations"), "violations");
  asNumber(f.at("steps"), f.required("steps"), { integer: true, min: 0 });
  asNumber(f.at("timeUs"), f.required("timeUs"), { min: 0 });
  asString(f.at("traceHash"), f.required("traceHash"));
  asString(f.at("replay"), f.required("replay"));
  return v as unknown as SeedResult;
}
