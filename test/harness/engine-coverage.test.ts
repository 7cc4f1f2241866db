// Coverage computation on a tiny program counted by hand, the source-map VLQ
// reader, the comment/blank line scanner, and the merge of several threads.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { codeLines } from "../../src/harness/code-lines.js";
import { countAt, engineCoverage, engineFileKey, type ThreadCoverage } from "../../src/harness/engine-coverage.js";
import { decodeVlq, originalPositionFor, parseSourceMap } from "../../src/harness/source-map.js";

const register = fileURLToPath(new URL("../real/ts-worker-register.mjs", import.meta.url));
const probe = fileURLToPath(new URL("./fixtures/coverage-probe.ts", import.meta.url));

describe("engine coverage", () => {
  it("a tiny program run under V8: lines and branches match a hand count", () => {
    const run = spawnSync(process.execPath, ["--import", register, probe], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const { result } = JSON.parse(run.stdout) as { result: ReturnType<typeof engineCoverage> };
    const file = result.files[0]!;
    expect(file.file).toBe("coverage-sample.ts");
    // Lines (fixtures/coverage-sample.ts): 2-8 (classify) and 11-13 (unused) hold code; 1 and 10 are
    // comments, 9 and 14 blank, 15-17 an interface (no JavaScript). classify(-1), classify(2),
    // classify(4) run 2-8; line 11 is unused's declaration, run when the module loads; its
    // body 12 and closing brace 13 never run: 8 of 10.
    expect(file.lines).toEqual({ total: 10, covered: 8 });
    expect(file.uncoveredLines).toEqual([12, 13]);
    expect(file.uncoveredText).toEqual(["  return 42;", "}"]);
    // Branches: the if's body (ran once of three calls), what follows the if (twice) and the
    // "odd" arm (never). The "even" arm ran exactly as often as what encloses it (twice), so
    // V8 does not report it as a block of its own (docs/coverage.md): 2 of 3.
    expect(file.branches).toEqual({ total: 3, covered: 2 });
    expect(file.uncoveredBranches).toEqual(["6:37"]);
  });

  it("decodes base64 VLQ, including negative and multi-digit numbers", () => {
    expect(decodeVlq("AAAA")).toEqual([0, 0, 0, 0]);
    expect(decodeVlq("AAgBC")).toEqual([0, 0, 16, 1]);
    expect(decodeVlq("D")).toEqual([-1]);
    expect(decodeVlq("2H")).toEqual([123]);
    expect(() => decodeVlq("g")).toThrow(/ends inside a number/);
    expect(() => decodeVlq("A!")).toThrow(/not a base64 digit/);
  });

  it("maps generated positions back through a map's relative fields", () => {
    // Line 0: col 0 → (src 0, 0:0); col 4 → (0, 1:2). Line 1: col 2 → (0, 3:0) (fields relative to the last segment).
    const map = parseSourceMap(JSON.stringify({ version: 3, sources: ["a.ts"], sourcesContent: ["x"], names: [], mappings: "AAAA,IACE;EAEF" }));
    expect(originalPositionFor(map, 0, 6)).toMatchObject({ originalLine: 1, originalColumn: 2 });
    expect(originalPositionFor(map, 0, 3)).toMatchObject({ originalLine: 0, originalColumn: 0 });
    expect(originalPositionFor(map, 1, 0)).toBeUndefined();
    expect(originalPositionFor(map, 1, 9)).toMatchObject({ originalLine: 3, originalColumn: 0 });
    expect(map.sourcesContent).toEqual(["x"]);
  });

  it("tells code lines from blank and comment-only ones, strings and templates included", () => {
    const text = ["// c", "", "  /* a", "  b */ x();", 'const s = "// not a comment";', "const t = `", "", "`; /* x */", "   "].join("\n");
    expect(codeLines(text)).toEqual([false, false, false, true, true, true, true, true, false]);
  });

  it("adds the threads' counts: a line is covered when any thread ran it, a branch by the summed counts", () => {
    const source = "function f(a){if(a){g()}else{h()}}\nf(1)\n//# sourceMappingURL=data:application/json;base64," + Buffer.from(JSON.stringify({ version: 3, sources: ["s/src/engine/x.ts"], sourcesContent: ["function f(a){if(a){g()}else{h()}}\nf(1)\n"], names: [], mappings: "AAAA,UAAU,QAAQ,KAAK;AACvB" })).toString("base64");
    const url = "file:///p/dist/x.js";
    // Thread 1 called f once with a true argument, thread 2 once with a false one.
    const t1: ThreadCoverage = { scripts: [{ url, source, functions: [{ ranges: [{ startOffset: 0, endOffset: 40, count: 1 }] }, { ranges: [{ startOffset: 0, endOffset: 35, count: 1 }, { startOffset: 24, endOffset: 34, count: 0 }] }] }] };
    const t2: ThreadCoverage = { scripts: [{ url, source, functions: [{ ranges: [{ startOffset: 0, endOffset: 40, count: 1 }] }, { ranges: [{ startOffset: 0, endOffset: 35, count: 1 }, { startOffset: 19, endOffset: 24, count: 0 }] }] }] };
    const opts = { fileKey: engineFileKey, readText: () => undefined };
    const one = engineCoverage([t1], opts).files[0]!;
    const both = engineCoverage([t1, t2], opts).files[0]!;
    expect(one.file).toBe("src/engine/x.ts");
    expect(one.branches).toEqual({ total: 1, covered: 0 });
    expect(both.branches).toEqual({ total: 2, covered: 2 });
    expect(both.lines).toEqual({ total: 2, covered: 2 });
    expect(countAt(t1.scripts[0]!.functions.flatMap((f) => f.ranges), 30)).toBe(0);
    // A file no thread loaded is still listed, every line uncovered.
    const idle = engineCoverage([], { ...opts, idleScripts: [{ url, source }] }).files[0]!;
    expect(idle).toMatchObject({ file: "src/engine/x.ts", lines: { total: 2, covered: 0 }, branches: { total: 0, covered: 0 }, uncoveredLines: [1, 2] });
    expect(engineCoverage([t1], { ...opts, idleScripts: [{ url, source }] }).files).toEqual([one]);
  });
});
