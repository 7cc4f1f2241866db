// StrykerJS ignorer plugin "mvsim-sample": with MVSIM_MUTATION_SAMPLE_FILE set
// (by bench/mutation.bench.ts), only the sampled mutants' own AST nodes are
// mutated. Stryker's `mutate` ranges select those nodes and everything inside
// them; this ignores the inside (a node that neither is a sampled node nor holds
// one), so a sampled `{}` of a whole function does not pull in its body's mutants.
// A node between two nested drawn sites is kept (it holds one): its mutants run
// too, and the bench leaves them out of the score.
import { readFileSync } from "node:fs";
import { declareValuePlugin, PluginKind } from "@stryker-mutator/api/plugin";

const file = process.env.MVSIM_MUTATION_SAMPLE_FILE;
/** file (relative, "/"-separated) -> sampled node locations [line 1-based, col, endLine, endCol] (Babel's). */
const nodes = file ? JSON.parse(readFileSync(file, "utf8")).nodes : {};

function within(outer, l, c, el, ec) {
  const startIn = outer[0] < l || (outer[0] === l && outer[1] <= c);
  const endIn = outer[2] > el || (outer[2] === el && outer[3] >= ec);
  return startIn && endIn;
}

function sampledIn(fileName) {
  const name = String(fileName ?? "").replaceAll("\\", "/");
  for (const [rel, locs] of Object.entries(nodes)) if (name === rel || name.endsWith("/" + rel)) return locs;
  return [];
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, "mvsim-sample", {
    shouldIgnore(path) {
      const loc = path.node.loc;
      if (!file || !loc) return undefined;
      const locs = sampledIn(path.hub?.file?.opts?.filename);
      const { start, end } = loc;
      // Keep a sampled node and any node that holds one (ignoring it would ignore its subtree).
      const keep = locs.some((n) => within([start.line, start.column, end.line, end.column], n[0], n[1], n[2], n[3]));
      return keep ? undefined : "outside the seeded mutant sample (bench/mutation.bench.ts)";
    },
  }),
];
