// Graph-checker figures: txns/s of checkDependencyGraph (strict-serializable,
// process + real-time edges) on seeded list-append histories, next to the time
// to merely JSON.parse the same history as JSON Lines; the ratio is the figure.
// Then a snapshot-isolation workload, whose write skews make cyclic components,
// so the cycle search (every component named) is timed too.
import { generateHistory } from "../src/check/graph/append-workload.js";
import { checkDependencyGraph } from "../src/check/graph/index.js";
import { Rng } from "../src/sim/rng.js";

const ms = (t0: number): number => performance.now() - t0;

export async function benchGraphChecker(
  log: (line: string) => void,
  sizes: readonly number[] = [100_000, 1_000_000],
): Promise<void> {
  for (const txns of sizes) {
    const events = generateHistory(new Rng(20260101n).fork(`graph-bench/${txns}`), {
      txns,
      processes: 10,
      activeKeys: 64,
      appendsPerKeyMax: 64,
      failProbability: 0.01,
    });
    const text = events.map((e) => JSON.stringify(e)).join("\n");
    let t0 = performance.now();
    let parsed = 0;
    for (const line of text.split("\n")) if (line !== "" && JSON.parse(line) !== null) parsed++;
    const parseMs = ms(t0);
    t0 = performance.now();
    const r = checkDependencyGraph(events, { model: "strict-serializable", process: true });
    const checkMs = ms(t0);
    const rate = Math.round(txns / (checkMs / 1000));
    log(
      `graph-check list-append ${txns} txns (${parsed} events, ${(text.length / 1e6).toFixed(0)} MB JSONL): ` +
        `check ${checkMs.toFixed(0)} ms (${rate} txns/s, verdict ${r.verdict}, ${r.stats!.graphEdges} edges), ` +
        `JSON.parse ${parseMs.toFixed(0)} ms, ratio check/parse ${(checkMs / parseMs).toFixed(2)}, ` +
        `peak rss ${(process.resourceUsage().maxRSS / 1e3).toFixed(0)} MB`,
    );
    await new Promise((resolve) => setImmediate(resolve));
  }
  const txns = sizes[0]!;
  const skewed = generateHistory(new Rng(20260101n).fork(`graph-bench-si/${txns}`), {
    txns,
    processes: 10,
    activeKeys: 64,
    appendsPerKeyMax: 64,
    failProbability: 0.01,
    isolation: "snapshot",
  });
  const t0 = performance.now();
  const r = checkDependencyGraph(skewed, { model: "serializable" });
  const checkMs = ms(t0);
  log(
    `graph-check list-append under SI ${txns} txns: check ${checkMs.toFixed(0)} ms (${Math.round(txns / (checkMs / 1000))} txns/s, ` +
      `verdict ${r.verdict}, ${r.stats!.cyclicComponents} cyclic components, ${r.stats!.searchSteps} search steps, anomalies ${r.anomalies.join(" ")})`,
  );
}
