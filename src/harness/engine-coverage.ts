// Line and branch coverage of TypeScript files from V8 block coverage taken in
// several threads (docs/coverage.md defines both). Each thread's ranges define
// a count at every position of a script (the innermost range holding it); the
// threads' counts add up, then source maps carry positions back to TypeScript.
// Contract: a pure function of the threads' data and the texts it reads; files
// and line numbers sorted, so equal inputs give equal reports.
import { dirname, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { codeLines } from "./code-lines.js";
import { originalPositionFor, parseSourceMap, sourceMappingUrl, type SourceMap } from "./source-map.js";

export interface V8Range {
  readonly startOffset: number;
  readonly endOffset: number;
  readonly count: number;
}

/** A function's ranges as V8 reports them: its own range first, then its blocks. */
export interface V8Function {
  readonly ranges: readonly V8Range[];
}

export interface ScriptCoverage {
  readonly url: string;
  /** The script's text as V8 ran it (offsets index into it). */
  readonly source: string;
  readonly functions: readonly V8Function[];
}

/** What one thread ran: the scripts of interest, with their text. */
export interface ThreadCoverage {
  readonly scripts: readonly ScriptCoverage[];
}

export interface CoverageCount {
  readonly total: number;
  readonly covered: number;
}

export interface FileCoverage {
  /** Path from the package root, e.g. "src/engine/gc.ts". */
  readonly file: string;
  readonly lines: CoverageCount;
  readonly branches: CoverageCount;
  /** 1-based line numbers of the lines not covered. */
  readonly uncoveredLines: readonly number[];
  /** The text of each uncovered line (same order), when the source was at hand. */
  readonly uncoveredText?: readonly string[];
  /** "line:column" (1-based) where each branch never taken starts. */
  readonly uncoveredBranches: readonly string[];
}

export interface EngineCoverage {
  /** Threads whose coverage was merged. */
  readonly threads: number;
  readonly files: readonly FileCoverage[];
  readonly lines: CoverageCount;
  readonly branches: CoverageCount;
}

export interface CoverageOptions {
  /** The package-relative path of a source file to report ("src/engine/x.ts"), or undefined to leave it out. */
  readonly fileKey: (absolutePath: string) => string | undefined;
  /** Reads a file (a source map, a TypeScript source); undefined when absent. */
  readonly readText: (absolutePath: string) => string | undefined;
  /** Scripts no thread loaded (url and text): reported with every line uncovered, if no thread has them. */
  readonly idleScripts?: readonly { readonly url: string; readonly source: string }[];
}

/** "src/engine/…" files: the key is the path from the last "src/engine/" on. */
export function engineFileKey(absolutePath: string): string | undefined {
  const norm = absolutePath.split(sep).join("/");
  const at = norm.lastIndexOf("/src/engine/");
  return at < 0 ? undefined : norm.slice(at + 1);
}

/** The count at a position: that of the innermost range holding it (the last listed on a tie), 0 if none. */
export function countAt(ranges: readonly V8Range[], offset: number): number {
  let best: V8Range | undefined;
  for (const r of ranges) {
    if (r.startOffset <= offset && offset < r.endOffset && (!best || r.endOffset - r.startOffset <= best.endOffset - best.startOffset)) best = r;
  }
  return best ? best.count : 0;
}

interface FileAcc {
  text: string | undefined;
  /** 0-based line → count at its probe position (summed over scripts and threads). */
  readonly lines: Map<number, number>;
  /** script url + range → branch start (0-based) and summed count. */
  readonly branches: Map<string, { line: number; column: number; count: number }>;
}

interface ThreadRanges {
  /** Every range, functions' own ones included (they define the count at a position). */
  readonly all: V8Range[];
  /** Block ranges only, by "start-end". */
  readonly blocks: Map<string, V8Range>;
  /** Functions' own ranges, by "start-end". */
  readonly functions: Map<string, V8Range>;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** Generated (line, column) of an offset, by binary search over line starts. */
function positionOf(starts: readonly number[], offset: number): [number, number] {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return [lo, offset - starts[lo]!];
}

function loadMap(url: string, source: string, readText: CoverageOptions["readText"]): { map: SourceMap; base: string } | undefined {
  if (!url.startsWith("file:")) return undefined;
  const scriptPath = fileURLToPath(url);
  const ref = sourceMappingUrl(source);
  if (!ref) return undefined;
  if ("inline" in ref) return { map: parseSourceMap(ref.inline), base: dirname(scriptPath) };
  const mapPath = resolve(dirname(scriptPath), ref.file);
  const text = readText(mapPath);
  return text === undefined ? undefined : { map: parseSourceMap(text), base: dirname(mapPath) };
}

export function engineCoverage(threads: readonly ThreadCoverage[], options: CoverageOptions): EngineCoverage {
  // Every thread's ranges of each script, by url (a script is the same file in every thread).
  const byUrl = new Map<string, { source: string; perThread: ThreadRanges[] }>();
  threads.forEach((t, ti) => {
    for (const s of t.scripts) {
      let e = byUrl.get(s.url);
      if (!e) byUrl.set(s.url, (e = { source: s.source, perThread: threads.map(() => ({ all: [], blocks: new Map(), functions: new Map() })) }));
      const mine = e.perThread[ti]!;
      for (const f of s.functions) {
        mine.all.push(...f.ranges);
        const own = f.ranges[0];
        if (own) mine.functions.set(`${own.startOffset}-${own.endOffset}`, own);
        for (const r of f.ranges.slice(1)) mine.blocks.set(`${r.startOffset}-${r.endOffset}`, r);
      }
    }
  });
  for (const idle of options.idleScripts ?? []) {
    if (!byUrl.has(idle.url)) byUrl.set(idle.url, { source: idle.source, perThread: [] });
  }
  const files = new Map<string, FileAcc>();
  for (const url of [...byUrl.keys()].sort()) {
    const { source, perThread } = byUrl.get(url)!;
    const loaded = loadMap(url, source, options.readText);
    if (!loaded) continue;
    const { map, base } = loaded;
    const starts = lineStarts(source);
    const keyOf = map.sources.map((s) => options.fileKey(resolve(base, s)));
    const accOf = (i: number): FileAcc | undefined => {
      const key = keyOf[i];
      if (key === undefined) return undefined;
      let acc = files.get(key);
      if (!acc) files.set(key, (acc = { text: map.sourcesContent[i] ?? options.readText(resolve(base, map.sources[i]!)), lines: new Map(), branches: new Map() }));
      return acc;
    };
    const count = (offset: number): number => perThread.reduce((n, t) => n + countAt(t.all, offset), 0);
    // A line's probe: the generated position of its leftmost mapped column (its first code character).
    const probes = new Map<string, { offset: number; column: number }>();
    map.lines.forEach((segs, g) => {
      for (const m of segs) {
        const k = `${m.source}:${m.originalLine}`;
        const offset = starts[g]! + m.generatedColumn;
        const p = probes.get(k);
        if (!p || m.originalColumn < p.column || (m.originalColumn === p.column && offset < p.offset)) probes.set(k, { offset, column: m.originalColumn });
      }
    });
    for (const [k, p] of probes) {
      const [src, line] = k.split(":").map(Number) as [number, number];
      const acc = accOf(src);
      if (acc) acc.lines.set(line, (acc.lines.get(line) ?? 0) + count(p.offset));
    }
    // Branches: the block ranges V8 would report had one thread run everything. Which ranges a
    // thread reports depends on its own counts (V8 drops a block that ran as often as what
    // encloses it), so the union over threads is filtered again by the same rule on the summed
    // counts: the branch list then does not depend on how seeds fell to threads.
    const total = (k: string, r: V8Range): number => perThread.reduce((sum, t) => sum + (t.blocks.get(k)?.count ?? t.functions.get(k)?.count ?? countAt(t.all, r.startOffset)), 0);
    const functions = new Map<string, V8Range>();
    for (const t of perThread) for (const [k, r] of t.functions) functions.set(k, r);
    const blocks = new Map<string, V8Range>();
    for (const t of perThread) for (const [k, r] of t.blocks) if (!functions.has(k)) blocks.set(k, r);
    const kept: { r: V8Range; n: number }[] = [...functions].map(([k, r]) => ({ r, n: total(k, r) }));
    for (const [k, r] of [...blocks].sort((a, b) => a[1].startOffset - b[1].startOffset || b[1].endOffset - a[1].endOffset)) {
      const n = total(k, r);
      let parent: { r: V8Range; n: number } | undefined;
      for (const p of kept) {
        if (p.r.startOffset <= r.startOffset && r.endOffset <= p.r.endOffset && (!parent || p.r.endOffset - p.r.startOffset <= parent.r.endOffset - parent.r.startOffset)) parent = p;
      }
      if (parent && parent.n === n) continue;
      kept.push({ r, n });
      const [g, col] = positionOf(starts, r.startOffset);
      const m = originalPositionFor(map, g, col);
      const acc = m ? accOf(m.source) : undefined;
      if (m && acc) acc.branches.set(`${url} ${k}`, { line: m.originalLine, column: m.originalColumn, count: n });
    }
  }
  const out: FileCoverage[] = [];
  for (const key of [...files.keys()].sort()) out.push(fileCoverage(key, files.get(key)!));
  const sum = (pick: (f: FileCoverage) => CoverageCount): CoverageCount => ({ total: out.reduce((n, f) => n + pick(f).total, 0), covered: out.reduce((n, f) => n + pick(f).covered, 0) });
  return { threads: threads.length, files: out, lines: sum((f) => f.lines), branches: sum((f) => f.branches) };
}

function fileCoverage(file: string, acc: FileAcc): FileCoverage {
  const text = acc.text?.split("\n");
  const code = acc.text !== undefined ? codeLines(acc.text) : undefined;
  const lines = [...acc.lines].filter(([l]) => !code || code[l] === true).sort((a, b) => a[0] - b[0]);
  const uncovered = lines.filter(([, n]) => n === 0).map(([l]) => l);
  const branches = [...acc.branches.values()].sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    file,
    lines: { total: lines.length, covered: lines.length - uncovered.length },
    branches: { total: branches.length, covered: branches.filter((b) => b.count > 0).length },
    uncoveredLines: uncovered.map((l) => l + 1),
    ...(text ? { uncoveredText: uncovered.map((l) => (text[l] ?? "").replace(/\r$/, "")) } : {}),
    uncoveredBranches: branches.filter((b) => b.count === 0).map((b) => `${b.line + 1}:${b.column + 1}`),
  };
}
