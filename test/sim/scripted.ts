// A scripted strategy for tests: follows a list of thread *names*; when the
// script runs out it picks the lowest runnable tid. Throws if a scripted
// thread is not runnable, so a wrong script fails the test loudly.
import type { Strategy, ThreadView } from "../../src/sim/strategies/strategy.js";

export function scripted(names: readonly string[]): Strategy & { used: number } {
  const s = {
    name: "scripted",
    used: 0,
    pick(runnable: readonly ThreadView[]): number {
      if (s.used < names.length) {
        const want = names[s.used++]!;
        const t = runnable.find((r) => r.name === want);
        if (!t) throw new Error(`script step ${s.used - 1}: ${want} not runnable (runnable: ${runnable.map((r) => r.name).join(",")})`);
        return t.tid;
      }
      return runnable[0]!.tid;
    },
  };
  return s;
}
