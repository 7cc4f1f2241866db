// The mutants of src/engine as StrykerJS's instrumenter generates them, and a
// seeded sample of them. Contract: the same sources and seed give the same
// sample (files and mutants sorted; Fisher-Yates over one Rng stream), so the
// before and after gates are scored on exactly the same mutants.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { Instrumenter } from "@stryker-mutator/instrumenter";
import { Rng } from "../src/sim/rng.js";

/** 0-based line, 0-based column, as Stryker's API mutants carry them. */
export interface Span {
  readonly start: { readonly line: number; readonly column: number };
  readonly end: { readonly line: number; readonly column: number };
}

export interface EngineMutant {
  /** Path relative to the repository, "/"-separated. */
  readonly file: string;
  readonly mutator: string;
  readonly replacement: string;
  readonly span: Span;
  /** The source text the mutant replaces. */
  readonly original: string;
}

/** A mutant's identity across runs: where, which mutator, what it writes. */
export function mutantKey(m: { file: string; mutator: string; replacement: string; span: Span }): string {
  const s = m.span;
  return `${m.file}:${s.start.line}:${s.start.column}-${s.end.line}:${s.end.column} ${m.mutator} ${m.replacement}`;
}

const quietLog = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  fatal: () => undefined,
  isTraceEnabled: () => false,
  isDebugEnabled: () => false,
  isInfoEnabled: () => false,
  isWarnEnabled: () => false,
  isErrorEnabled: () => false,
  isFatalEnabled: () => false,
};

function sourceText(lines: readonly string[], s: Span): string {
  if (s.start.line === s.end.line) return lines[s.start.line]!.slice(s.start.column, s.end.column);
  const mid = lines.slice(s.start.line + 1, s.end.line);
  return [lines[s.start.line]!.slice(s.start.column), ...mid, lines[s.end.line]!.slice(0, s.end.column)].join("\n");
}

/** Every mutant of the TypeScript sources under `dir` (relative to `root`), in file and source order. */
export async function engineMutants(root: string, dir: string): Promise<EngineMutant[]> {
  const files = (readdirSync(join(root, dir), { recursive: true }) as string[])
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(root, dir, f))
    .sort();
  const contents = new Map(files.map((f) => [f, readFileSync(f, "utf8")]));
  const instrumenter = new Instrumenter(quietLog as never);
  const result = await instrumenter.instrument(
    files.map((name) => ({ name, content: contents.get(name)!, mutate: true })),
    { plugins: null, excludedMutations: [], ignorers: [] },
  );
  return result.mutants.map((m) => {
    const span = m.location as Span;
    return {
      file: relative(root, m.fileName).split(sep).join("/"),
      mutator: m.mutatorName,
      replacement: m.replacement ?? "",
      span,
      original: sourceText(contents.get(m.fileName)!.split("\n"), span),
    };
  });
}

/** A mutant site: one source span (an AST node) with every mutant Stryker makes of it. */
export function siteKey(m: { file: string; span: Span }): string {
  const s = m.span;
  return `${m.file}:${s.start.line}:${s.start.column}-${s.end.line}:${s.end.column}`;
}

/**
 * The mutants of `n` sites drawn without replacement from a stream of `seed`, in
 * source order. Sites, not single mutants, since Stryker's `mutate` ranges
 * select nodes: every mutant of a drawn node runs anyway, and drawing nodes
 * uniformly gives every mutant the same chance to be in the sample.
 */
export function sampleSites(all: readonly EngineMutant[], n: number, seed: bigint): { sites: number; mutants: EngineMutant[] } {
  const keys = new Set(all.map(mutantKey));
  if (keys.size !== all.length) throw new Error(`mutation sample: ${all.length - keys.size} mutants share a key; the sample could not tell them apart`);
  const pool = [...new Set(all.map(siteKey))].sort();
  const rng = new Rng(seed).fork("mutation-sample");
  const take = Math.min(n, pool.length);
  for (let i = 0; i < take; i++) {
    const j = i + rng.int(pool.length - i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  const chosen = new Set(pool.slice(0, take));
  return { sites: take, mutants: all.filter((m) => chosen.has(siteKey(m))) };
}

/** What stryker.config.mjs and the mvsim-sample ignorer read: ranges, node spans (Babel's lines), report path. */
export function sampleFileText(sample: readonly EngineMutant[], report: string): string {
  const sites = [...new Map(sample.map((m) => [siteKey(m), m])).values()];
  const mutate = sites.map((m) => `${m.file}:${m.span.start.line + 1}:${m.span.start.column}-${m.span.end.line + 1}:${m.span.end.column}`);
  const nodes: Record<string, number[][]> = {};
  for (const m of sites) (nodes[m.file] ??= []).push([m.span.start.line + 1, m.span.start.column, m.span.end.line + 1, m.span.end.column]);
  return JSON.stringify({ mutate, nodes, report }, null, 1);
}
