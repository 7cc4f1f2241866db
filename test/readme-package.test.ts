// The README's library example as a user runs it: the package is packed with
// `npm pack` (which builds it), unpacked into a fresh project's node_modules
// beside its dependencies, and the example runs there under vitest, importing
// "mvsim" by name. A generated scenario saved with toScenarioJson is then
// replayed by the packed CLI. Slow by nature (a build and a pack): one file.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("the README example from a packed tarball", () => {
  it("runs in a fresh project, and a saved generated scenario replays", () => {
    const project = mkdtempSync(join(tmpdir(), "mvsim-user-"));
    const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", project], { cwd: root, encoding: "utf8" }).trim().split("\n").pop()!;
    const modules = join(project, "node_modules");
    mkdirSync(modules);
    execFileSync("tar", ["-xzf", join(project, packed), "-C", modules]);
    renameSync(join(modules, "package"), join(modules, "mvsim"));
    // Its dependencies and the test runner, as `npm install` would have put them.
    for (const dep of ["fast-check", "pure-rand", "seedrandom", "vitest"]) {
      symlinkSync(realpathSync(join(root, "node_modules", dep)), join(modules, dep));
    }
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "user-project", private: true, type: "module" }));

    const readme = readFileSync(join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## In your own test suite"));
    const example = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
    writeFileSync(join(project, "mvsim.test.ts"), example);
    const run = spawnSync(process.execPath, [join(modules, "vitest", "vitest.mjs"), "run", "mvsim.test.ts"], { cwd: project, encoding: "utf8" });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/1 passed/);

    // What the example writes on a failure, replayed as its error line says.
    writeFileSync(
      join(project, "save.mjs"),
      [
        'import { writeFileSync } from "node:fs";',
        'import fc from "fast-check";',
        'import { scenarioArbitrary, toScenarioJson } from "mvsim";',
        "const [scenario] = fc.sample(scenarioArbitrary({ faults: true }), { numRuns: 1, seed: 5 });",
        'writeFileSync("generated.json", toScenarioJson(scenario));',
      ].join("\n"),
    );
    execFileSync(process.execPath, ["save.mjs"], { cwd: project });
    expect(readdirSync(project)).toContain("generated.json");
    const replay = spawnSync(process.execPath, [join(modules, "mvsim", "dist", "src", "cli", "main.js"), "replay", "generated.json", "--seed", "1"], { cwd: project, encoding: "utf8" });
    expect(replay.status, replay.stdout + replay.stderr).toBe(0);
  }, 240_000);
});
