// A target of the user's own, through the public API: defineTarget checks its
// shape, simulate(scenario, { target }) runs it, and the world's checks apply
// to it as to the engine: a use-after-free in the arena and a deadlock are
// violations; a scenario naming a module that is not a target is one line.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defineTarget, simulate, type Gen, type KvTarget, type Ports } from "../../src/index.js";
import { loadScenario } from "../../src/harness/scenario.js";
import { loadScenarioTarget } from "../../src/harness/target-loader.js";

const small = { processes: 1, threadsPerProcess: 2, workload: { opsPerThread: 2, keys: { count: 2 } } };

/** A store whose every op runs `body`; reads see nothing, writes vanish. */
function storeRunning(name: string, body: (p: Ports) => Gen<void>): KvTarget {
  return defineTarget({
    name,
    visibility: "inclusive",
    *open() {
      return {
        session: (p: Ports) => {
          const op = function* () {
            yield* body(p);
            return null;
          };
          const txn = { id: 1, startTs: 1, get: op, *put() {}, *del() {}, *commit() { yield* body(p); return 1; }, *abort() {} };
          return { *begin() { return txn; }, get: op, *put() { yield* body(p); }, *del() {}, *cas() { return false; } };
        },
      };
    },
    classify: () => undefined,
  });
}

describe("user targets", () => {
  it("defineTarget refuses a target without classify, at once", () => {
    expect(() => defineTarget({ name: "x", visibility: "inclusive", *open() { return { session: () => ({}) as never }; } } as never)).toThrow(/classify: expected a function/);
  });

  it("a use-after-free in the arena is a reclamation violation", () => {
    const uaf = storeRunning("uaf", function* (p) {
      const a = yield* p.mem.alloc(2, "uaf.alloc");
      yield* p.mem.free(a, "uaf.free");
      yield* p.mem.load(a, "uaf.load-after-free");
    });
    const r = simulate(small, { target: uaf, seeds: 1 });
    expect(r.verdict).toBe("violation");
    expect(r.firstFailure!.violations[0]!.property).toBe("reclamation");
  });

  it("two threads waiting on each other is a deadlock", () => {
    const LOCK_A = 0;
    const LOCK_B = 1;
    const deadlock = storeRunning("deadlock", function* (p) {
      const [first, second] = p.tid % 2 === 0 ? [LOCK_A, LOCK_B] : [LOCK_B, LOCK_A];
      while ((yield* p.mem.cas(first, 0, 1, "lock.first")) !== 0) yield* p.mem.wait(first, 1, undefined, "lock.first-wait");
      yield* p.sched.point("between");
      while ((yield* p.mem.cas(second, 0, 1, "lock.second")) !== 0) yield* p.mem.wait(second, 1, undefined, "lock.second-wait");
    });
    const r = simulate({ ...small, strategy: { name: "round-robin" } }, { target: deadlock, seeds: 1 });
    expect(r.verdict).toBe("violation");
    expect(r.firstFailure!.violations.map((v) => v.kind).join(" ")).toMatch(/deadlock/);
  });

  it("a scenario naming a module that exports no target is refused with one line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mvsim-target-"));
    writeFileSync(join(dir, "not-a-target.mjs"), "export default { name: 'x' };\n");
    writeFileSync(join(dir, "t.json"), JSON.stringify({ name: "t", description: "d", target: "./not-a-target.mjs" }));
    const s = await loadScenario(join(dir, "t.json"));
    if (!s.ok) throw new Error(s.error);
    expect(s.scenario.target).toBe(join(dir, "not-a-target.mjs"));
    expect(await loadScenarioTarget(s.scenario)).toMatch(/t\.json: target: .*not-a-target\.mjs must export a KvTarget .*visibility: expected "inclusive" or "strict"/);
  });

  it("a user target refuses the engine's bug switches and capacities", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mvsim-target-"));
    writeFileSync(join(dir, "t.json"), JSON.stringify({ name: "t", description: "d", target: "./x.js", engine: { readerSlots: 4 } }));
    const s = await loadScenario(join(dir, "t.json"));
    expect(s.ok ? "" : s.error).toMatch(/t\.json: engine: expected no engine capacities unless target is "mvsim"/);
  });
});
