// Key choice for workloads: uniform, zipf (a few keys are hot, with a long
// tail) or a hot set (a fixed share of operations on a few keys). Sampling
// draws one number from the given stream per key, so plans are reproducible.
import type { Rng } from "../sim/rng.js";

export type KeyDistribution =
  | { readonly kind: "uniform" }
  | { readonly kind: "zipf"; readonly exponent: number }
  | { readonly kind: "hotset"; readonly hotKeys: number; readonly hotRatio: number };

export type KeySampler = (rng: Rng) => number;

export function keySampler(count: number, dist: KeyDistribution): KeySampler {
  if (count < 1) throw new Error("key count must be >= 1");
  switch (dist.kind) {
    case "uniform":
      return (rng) => rng.int(count);
    case "hotset": {
      const hot = Math.max(1, Math.min(count, dist.hotKeys));
      return (rng) => (rng.chance(dist.hotRatio) || hot === count ? rng.int(hot) : hot + rng.int(count - hot));
    }
    case "zipf": {
      // Inverse-CDF sampling over precomputed cumulative weights 1/k^s.
      const cdf = new Float64Array(count);
      let total = 0;
      for (let k = 0; k < count; k++) cdf[k] = total += 1 / Math.pow(k + 1, dist.exponent);
      return (rng) => {
        const x = rng.next() * total;
        let lo = 0;
        let hi = count - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cdf[mid]! < x) lo = mid + 1;
          else hi = mid;
        }
        return lo;
      };
    }
  }
}
