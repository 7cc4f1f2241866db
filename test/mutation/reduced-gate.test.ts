// The reduced gate that `npm run bench -- mutation` scores mutants against: the
// shipped correct-engine scenarios, in-process, a few of each one's gate seeds;
// every seed must end ok. MVSIM_MUTATION_GATE=before runs the scenario list of
// commit 2403ef6 (before issue #13: no swarm, no "sometimes"); "after" (default)
// adds swarm and checks each scenario's declared rare events as the gate does,
// except swarm's, whose nine need its 60 seeds.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runSeed } from "../../src/harness/run-seed.js";
import { loadScenario } from "../../src/harness/scenario.js";
import { derivedSeed } from "../../src/harness/seeds.js";
import { seedsReaching, unreached } from "../../src/harness/sometimes.js";
import { gateScenarios, MUTATION_GATE_SEEDS, mutationGate } from "./gate-scenarios.js";

const dir = fileURLToPath(new URL("../../scenarios/", import.meta.url));
const gate = mutationGate(process.env.MVSIM_MUTATION_GATE);
const shipped = readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5));

describe(`reduced gate (${gate}): ${MUTATION_GATE_SEEDS} gate seeds of each scenario end ok`, () => {
  it("still ships every scenario of the 2403ef6 list", () => {
    for (const name of gateScenarios("before")) expect(shipped).toContain(name);
  });
  for (const name of gateScenarios(gate)) {
    it(name, async () => {
      const loaded = await loadScenario(`${dir}${name}.json`);
      if (!loaded.ok) throw new Error(loaded.error);
      const s = loaded.scenario;
      const reached: (Readonly<Record<string, number>> | undefined)[] = [];
      for (let i = 0; i < MUTATION_GATE_SEEDS; i++) {
        const seed = derivedSeed(s.gate.masterSeed, i);
        const r = runSeed({ scenario: s, seed });
        if (typeof r === "string") throw new Error(r);
        const why = [...r.violations.map((v) => `${v.property}/${v.kind}: ${v.explanation.split("\n")[0]}`), ...r.unknownReasons];
        expect(r.verdict, `${name} seed ${seed}: ${why.join("; ")}`).toBe("ok");
        reached.push(r.sometimes);
      }
      if (gate === "after" && !s.swarm) expect(unreached(s.sometimes ?? [], seedsReaching(reached)), `${name}: declared rare events no seed reached`).toEqual([]);
    });
  }
});
