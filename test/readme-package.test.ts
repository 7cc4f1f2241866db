// The README's library example as a user runs it: the package is packed with
// `npm pack` (which builds it) and installed into a fresh project with the
// README's own `npm install` line (the tarball in place of the registry name),
// so a dependency missing from package.json fails here. The example runs under
// vitest, importing "mvsim" by name, and a generated scenario saved with
// toScenarioJson is replayed by `npx mvsim`. Slow by nature: one file.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("the README example from a packed tarball", () => {
  it("runs in a fresh project, and a saved generated scenario replays", () => {
    const project = mkdtempSync(join(tmpdir(), "mvsim-user-"));
    const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", project], { cwd: root, encoding: "utf8" }).trim().split("\n").pop()!;
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "user-project", private: true, type: "module" }));

    const readme = readFileSync(join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## In your own test suite"));
    const install = /```sh\n(npm install [^\n]*)\n```/.exec(section)![1]!.split(/\s+/);
    expect(install).toContain("mvsim");
    // The README's line, as written, with the packed tarball for "mvsim". The
    // cache `npm ci` filled serves the rest (--prefer-offline), so no download
    // is needed where the project itself was installed.
    const args = [...install.slice(1).map((a) => (a === "mvsim" ? `./${packed}` : a)), "--prefer-offline", "--no-audit", "--no-fund"];
    const installed = spawnSync("npm", args, { cwd: project, encoding: "utf8" });
    expect(installed.status, installed.stdout + installed.stderr).toBe(0);

    const example = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
    writeFileSync(join(project, "mvsim.test.ts"), example);
    const run = spawnSync("npx", ["vitest", "run", "mvsim.test.ts"], { cwd: project, encoding: "utf8" });
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
    const replay = spawnSync("npx", ["mvsim", "replay", "generated.json", "--seed", "1"], { cwd: project, encoding: "utf8" });
    expect(replay.status, replay.stdout + replay.stderr).toBe(0);
  }, 240_000);
});
