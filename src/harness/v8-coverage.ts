// V8 precise block coverage of the current thread through node:inspector:
// start it before the code to measure is loaded (a function compiled before
// the start has no block counters), take it once at the end. The take keeps
// only the scripts a filter accepts, each with the text V8 ran (offsets index
// into that text, which for a loader-transpiled file is not the file on disk).
// Contract: one collector per thread; take() resets V8's counters.
import { readdirSync, readFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ScriptCoverage, ThreadCoverage } from "./engine-coverage.js";

interface TakeResult {
  readonly result: readonly { scriptId: string; url: string; functions: readonly { ranges: readonly { startOffset: number; endOffset: number; count: number }[] }[] }[];
}

export class V8Coverage {
  private constructor(private readonly session: Session) {}

  static async start(): Promise<V8Coverage> {
    const session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.startPreciseCoverage", { callCount: true, detailed: true });
    return new V8Coverage(session);
  }

  async take(accept: (url: string) => boolean): Promise<ThreadCoverage> {
    const taken = (await this.session.post("Profiler.takePreciseCoverage")) as unknown as TakeResult;
    const wanted = taken.result.filter((s) => accept(s.url)).sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
    // The debugger is only switched on now, to read script texts: it costs nothing while seeds run.
    await this.session.post("Debugger.enable");
    const scripts: ScriptCoverage[] = [];
    for (const s of wanted) {
      const { scriptSource } = await this.session.post("Debugger.getScriptSource", { scriptId: s.scriptId });
      scripts.push({ url: s.url, source: scriptSource, functions: s.functions.map((f) => ({ ranges: f.ranges.map((r) => ({ startOffset: r.startOffset, endOffset: r.endOffset, count: r.count })) })) });
    }
    await this.session.post("Debugger.disable");
    await this.session.post("Profiler.stopPreciseCoverage");
    await this.session.post("Profiler.disable");
    this.session.disconnect();
    return { scripts };
  }
}

/** This package's engine folder (dist/src/engine/, or src/engine/ when run from sources). */
const ENGINE_DIR = new URL("../engine/", import.meta.url).href;

/** The scripts the gate's coverage reports: this package's engine (a user's target is not ours to measure). */
export function isEngineScript(url: string): boolean {
  return url.startsWith(ENGINE_DIR) && /\.[cm]?[jt]s$/.test(url);
}

/** The engine's compiled scripts on disk (dist only: a .ts file is not what V8 would run), for files no seed loaded. */
export function engineScriptsOnDisk(): { url: string; source: string }[] {
  if (!ENGINE_DIR.startsWith("file:")) return [];
  const out: { url: string; source: string }[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith(".js")) out.push({ url: pathToFileURL(path).href, source: readFileSync(path, "utf8") });
    }
  };
  walk(fileURLToPath(ENGINE_DIR));
  return out;
}
