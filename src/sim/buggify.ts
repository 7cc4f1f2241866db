// BUGGIFY (FoundationDB): at labelled engine points where the real system could
// be slow or fail spuriously, a run may take that path on purpose. Each label is
// switched on for the run or not when first reached (half of them), and an
// enabled label fires with the run's probability. Contract: decisions come from
// the seed's "buggify" stream only; with no buggify options nothing is drawn.
import type { Rng } from "./rng.js";

export interface BuggifyOptions {
  /** Chance an enabled label fires each time it is reached, in [0, 1]. */
  readonly probability: number;
}

export class Buggify {
  private readonly enabled = new Map<string, boolean>();
  fired = 0;

  constructor(
    private readonly options: BuggifyOptions,
    private readonly rng: Rng,
  ) {}

  fire(label: string): boolean {
    if (this.options.probability <= 0) return false;
    let on = this.enabled.get(label);
    if (on === undefined) {
      on = this.rng.chance(0.5);
      this.enabled.set(label, on);
    }
    if (!on || !this.rng.chance(this.options.probability)) return false;
    this.fired++;
    return true;
  }
}
