// `--shard auto`: which shard this machine runs, from the variables CI systems
// already set. Contract: pure (env in, shard or one-line error out); indexes
// come back 1-based as on the command line.
//   MVSIM_SHARD_INDEX / MVSIM_SHARD_TOTAL   1-based, set by you (e.g. a GitHub Actions matrix)
//   CI_NODE_INDEX / CI_NODE_TOTAL           GitLab CI `parallel:` (1-based)
//   JOB_COMPLETION_INDEX                    Kubernetes Indexed Job (0-based); the count from
//                                           `--shard auto/N` or MVSIM_SHARD_TOTAL
import type { Shard } from "./seeds.js";

export type Env = Readonly<Record<string, string | undefined>>;

const int = (v: string | undefined): number | undefined => (v !== undefined && /^\s*\d+\s*$/.test(v) ? Number(v) : undefined);

/** `auto` or `auto/N`: the shard from the environment. */
export function shardFromEnv(text: string, env: Env): Shard | string {
  const m = /^auto(?:\/(\d+))?$/.exec(text.trim());
  if (!m) return `expected "auto" or "auto/N", got "${text}"`;
  const given = m[1] !== undefined ? Number(m[1]) : undefined;
  const pick = (index: number | undefined, total: number | undefined, from: string): Shard | string => {
    const count = given ?? total;
    if (index === undefined || count === undefined) return `${from}: expected integers for the shard index and count`;
    if (!(count >= 1 && index >= 1 && index <= count)) return `${from}: expected 1 <= index <= count, got index ${index} of ${count}`;
    return { index, count };
  };
  if (env.MVSIM_SHARD_INDEX !== undefined) return pick(int(env.MVSIM_SHARD_INDEX), int(env.MVSIM_SHARD_TOTAL), "MVSIM_SHARD_INDEX/MVSIM_SHARD_TOTAL");
  if (env.CI_NODE_INDEX !== undefined) return pick(int(env.CI_NODE_INDEX), int(env.CI_NODE_TOTAL), "CI_NODE_INDEX/CI_NODE_TOTAL (GitLab)");
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    const i = int(env.JOB_COMPLETION_INDEX);
    const total = int(env.MVSIM_SHARD_TOTAL);
    if (given === undefined && total === undefined) return "JOB_COMPLETION_INDEX (Kubernetes) is set but not the count: use --shard auto/N (N = the Job's completions) or set MVSIM_SHARD_TOTAL";
    return pick(i === undefined ? undefined : i + 1, total, "JOB_COMPLETION_INDEX (Kubernetes, 0-based)");
  }
  return "no shard in the environment: set MVSIM_SHARD_INDEX and MVSIM_SHARD_TOTAL (1-based), or run under GitLab parallel (CI_NODE_INDEX/CI_NODE_TOTAL) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, with --shard auto/N)";
}
