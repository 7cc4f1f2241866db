// Joins the reports of several shards (or reruns) into one, losing nothing:
// every seed of every scenario, summaries and totals recomputed. The same
// scenario and seed seen twice with the same trace hash is one seed; with
// different trace hashes it is a Conflict (nondeterminism, or shards that ran
// different code), kept in the report and making its verdict a violation.
// Contract: the result does not depend on the order of the inputs.
import type { Conflict, RunReport, ScenarioReport, SeedResult } from "../harness/run-result.js";
import { buildReport, scenarioReport, type ReportHeader } from "../harness/run-summary.js";

export interface MergeInput {
  /** Where the report came from (a file path), named in conflicts and errors. */
  readonly source: string;
  readonly report: RunReport;
}

export type MergeResult = { readonly ok: true; readonly report: RunReport } | { readonly ok: false; readonly error: string };

function shardKey(r: RunReport): [number, number] {
  const m = /^(\d+)\/(\d+)$/.exec(r.shard ?? "");
  return m ? [Number(m[2]), Number(m[1])] : [0, 0];
}

function inputOrder(a: MergeInput, b: MergeInput): number {
  const [an, ai] = shardKey(a.report);
  const [bn, bi] = shardKey(b.report);
  return an - bn || ai - bi || (a.report.runId < b.report.runId ? -1 : a.report.runId > b.report.runId ? 1 : 0) || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0);
}

function sameMeta(a: ScenarioReport, b: ScenarioReport): string | undefined {
  if (a.file !== b.file) return `file ${JSON.stringify(a.file)} vs ${JSON.stringify(b.file)}`;
  if (JSON.stringify(a.expect) !== JSON.stringify(b.expect)) return `expectation ${JSON.stringify(a.expect)} vs ${JSON.stringify(b.expect)}`;
  if ([...a.bugs].sort().join(",") !== [...b.bugs].sort().join(",")) return `bugs [${a.bugs.join(", ")}] vs [${b.bugs.join(", ")}]`;
  if (a.strategy !== b.strategy) return `strategy ${a.strategy} vs ${b.strategy}`;
  return undefined;
}

interface Acc {
  readonly meta: ScenarioReport;
  readonly seeds: Map<string, { seed: SeedResult; source: string }>;
}

export function mergeReports(inputs: readonly MergeInput[], header: Omit<ReportHeader, "mergedFrom" | "startedAt">): MergeResult {
  if (inputs.length === 0) return { ok: false, error: "merge: no reports given" };
  const sorted = [...inputs].sort(inputOrder);
  const scenarios = new Map<string, Acc>();
  const conflicts = new Map<string, Conflict>();
  const addConflict = (c: Conflict): void => {
    const key = `${c.scenario}\u0000${c.seed}`;
    const prev = conflicts.get(key);
    if (!prev) {
      conflicts.set(key, c);
      return;
    }
    const hashes = [...new Set([...prev.traceHashes, ...c.traceHashes])];
    const verdicts = [...prev.verdicts, ...c.verdicts].filter((v, i, all) => all.indexOf(v) === i);
    conflicts.set(key, { ...prev, traceHashes: hashes, verdicts, sources: [...new Set([...prev.sources, ...c.sources])] });
  };
  for (const { source, report } of sorted) {
    for (const c of report.conflicts ?? []) addConflict(c);
    for (const sc of report.scenarios) {
      let acc = scenarios.get(sc.name);
      if (!acc) {
        acc = { meta: sc, seeds: new Map() };
        scenarios.set(sc.name, acc);
      } else {
        const diff = sameMeta(acc.meta, sc);
        if (diff) return { ok: false, error: `merge: ${source}: scenario ${sc.name} differs from an earlier report (${diff}); these runs cannot be merged` };
      }
      for (const s of sc.seeds) {
        const seen = acc.seeds.get(s.seed);
        if (!seen) acc.seeds.set(s.seed, { seed: s, source });
        else if (seen.seed.traceHash !== s.traceHash) {
          addConflict({ scenario: sc.name, seed: s.seed, traceHashes: [seen.seed.traceHash, s.traceHash], verdicts: [seen.seed.verdict, s.verdict], sources: [seen.source, source] });
        }
      }
    }
  }
  const merged = [...scenarios.values()].map(({ meta, seeds }) =>
    scenarioReport({ name: meta.name, file: meta.file, description: meta.description, expect: meta.expect, bugs: meta.bugs, strategy: meta.strategy, ...(meta.sometimesDeclared ? { sometimesDeclared: meta.sometimesDeclared } : {}) }, [...seeds.values()].map((x) => x.seed)),
  );
  const startedAt = sorted.map((i) => i.report.startedAt).sort()[0]!;
  const mergedFrom = [...new Set(sorted.map((i) => i.report.runId))];
  const conflictList = [...conflicts.values()].sort((a, b) => (a.scenario < b.scenario ? -1 : a.scenario > b.scenario ? 1 : 0) || (BigInt(a.seed) < BigInt(b.seed) ? -1 : 1));
  return { ok: true, report: buildReport({ ...header, startedAt, mergedFrom }, merged, conflictList) };
}
