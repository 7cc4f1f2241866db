// A source map v3 reader of our own (base64 VLQ "mappings", sources and
// sourcesContent): enough to map tsc's emitted JavaScript back to TypeScript
// lines and columns. Ours because the gate must run from the published package,
// where no source-map library is a runtime dependency.
// Contract: lines and columns are 0-based in and out; a bad map throws with why.

/** One mapping: a generated column on a generated line, and the source position it came from. */
export interface Mapping {
  readonly generatedColumn: number;
  readonly source: number;
  readonly originalLine: number;
  readonly originalColumn: number;
}

export interface SourceMap {
  readonly sources: readonly string[];
  /** Per source, its text when the map carries it (tsc --inlineSources). */
  readonly sourcesContent: readonly (string | undefined)[];
  /** Per generated line, its mappings sorted by generated column (segments without a source left out). */
  readonly lines: readonly (readonly Mapping[])[];
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) DIGIT[BASE64.charCodeAt(i)] = i;

/** Decodes one segment's base64 VLQ fields ("AAgBC" → [0, 0, 16, 1]). */
export function decodeVlq(text: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const d = c < 128 ? DIGIT[c]! : -1;
    if (d < 0) throw new Error(`source map: "${text[i]}" is not a base64 digit in segment "${text}"`);
    value += (d & 31) * 2 ** shift;
    shift += 5;
    if ((d & 32) === 0) {
      // The lowest bit is the sign.
      out.push(value % 2 === 1 ? -(value - 1) / 2 : value / 2);
      value = 0;
      shift = 0;
    }
  }
  if (shift !== 0) throw new Error(`source map: segment "${text}" ends inside a number`);
  return out;
}

export function parseSourceMap(json: string): SourceMap {
  const raw = JSON.parse(json) as { version?: unknown; sources?: unknown; sourcesContent?: unknown; sourceRoot?: unknown; mappings?: unknown };
  if (raw.version !== 3) throw new Error(`source map: version ${JSON.stringify(raw.version)}, expected 3`);
  if (!Array.isArray(raw.sources) || typeof raw.mappings !== "string") throw new Error("source map: sources or mappings missing");
  const root = typeof raw.sourceRoot === "string" && raw.sourceRoot !== "" ? raw.sourceRoot.replace(/\/?$/, "/") : "";
  const sources = raw.sources.map((s) => `${root}${String(s)}`);
  const content = Array.isArray(raw.sourcesContent) ? raw.sourcesContent : [];
  const sourcesContent = sources.map((_, i) => (typeof content[i] === "string" ? (content[i] as string) : undefined));
  const lines: Mapping[][] = [];
  // Every field but the generated column is relative to the previous segment of the whole map.
  let source = 0;
  let originalLine = 0;
  let originalColumn = 0;
  for (const lineText of raw.mappings.split(";")) {
    const line: Mapping[] = [];
    let generatedColumn = 0;
    if (lineText !== "") {
      for (const seg of lineText.split(",")) {
        if (seg === "") continue;
        const f = decodeVlq(seg);
        generatedColumn += f[0]!;
        if (f.length < 4) continue;
        source += f[1]!;
        originalLine += f[2]!;
        originalColumn += f[3]!;
        line.push({ generatedColumn, source, originalLine, originalColumn });
      }
    }
    line.sort((a, b) => a.generatedColumn - b.generatedColumn);
    lines.push(line);
  }
  return { sources, sourcesContent, lines };
}

/** The mapping in force at a generated position: the last one on its line at or before the column. */
export function originalPositionFor(map: SourceMap, line: number, column: number): Mapping | undefined {
  const segs = map.lines[line];
  if (!segs || segs.length === 0) return undefined;
  let lo = 0;
  let hi = segs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (segs[mid]!.generatedColumn <= column) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? undefined : segs[found];
}

/** The map a script names in its last `//# sourceMappingURL=`: inline JSON (data: URL) or a file name. */
export function sourceMappingUrl(script: string): { readonly inline: string } | { readonly file: string } | undefined {
  const m = /\/\/[#@] sourceMappingURL=(\S+)\s*$/.exec(script.slice(-Math.min(script.length, 1 << 20)));
  if (!m) return undefined;
  const url = m[1]!;
  const data = /^data:application\/json(?:;charset=[^;,]+)?;base64,(.*)$/.exec(url);
  if (data) return { inline: Buffer.from(data[1]!, "base64").toString("utf8") };
  if (url.startsWith("data:")) return undefined;
  return { file: decodeURIComponent(url) };
}
