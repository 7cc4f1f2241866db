// The smallest sub-history of one illegal key that is still illegal, found
// greedily (drop an op, keep the drop if the rest still cannot be ordered)
// within a budget of search states shared by every re-search. Contract: the
// answer is always illegal (the search proved it, or it is the input as
// given); `minimal` says whether every op left was tried, which a spent
// budget can cut short.
import { kvModel } from "../models/kv-model.js";
import { appendSetModel } from "./append-set-model.js";
import { type KeyOp, reindex, writesObserved } from "./key-ops.js";
import { wglSearch } from "./wgl-search.js";

export interface SubHistory {
  readonly ops: readonly KeyOp[];
  /** Every op left was tried and is needed; false when the budget ran out first. */
  readonly minimal: boolean;
  readonly statesExplored: number;
}

export interface ShrinkBudget {
  /** Search states all re-searches together may spend. */
  readonly states: number;
  /** Memory budget of each re-search, in bytes of the memo. */
  readonly memoryBytes: number;
  /** Sub-histories longer than this are not shrunk op by op. */
  readonly opsMax: number;
}

/** `ops` is illegal; `blockedRet` is the completion of the op no order could place, when known. */
export function minimalSubHistory(ops: readonly KeyOp[], blockedRet: number | undefined, budget: ShrinkBudget): SubHistory {
  let spent = 0;
  const illegal = (sub: readonly KeyOp[]): boolean | undefined => {
    const left = budget.states - spent;
    if (left <= 0) return undefined;
    const ids = reindex(sub);
    const searchBudget = { maxStates: left, maxMemoryBytes: budget.memoryBytes };
    const appends = appendSetModel(ids);
    const r = appends ? wglSearch(appends, ids, searchBudget) : wglSearch(kvModel, ids, searchBudget);
    spent += r.statesExplored;
    return r.result === "unknown" ? undefined : r.result === "illegal";
  };
  let kept: readonly KeyOp[] = ops;
  let complete = true;
  // Nothing invoked after the stuck op completed can be needed to show it stuck.
  if (blockedRet !== undefined) {
    const cut = ops.filter((o) => o.call <= blockedRet);
    if (cut.length < ops.length) {
      const r = illegal(cut);
      if (r === true) kept = cut;
      else if (r === undefined) complete = false;
    }
  }
  if (kept.length > budget.opsMax) return { ops: kept, minimal: false, statesExplored: spent };
  let i = kept.length - 1;
  for (; i >= 0 && spent < budget.states; i--) {
    // A write whose value a kept read saw (or a kept cas expected) stays:
    // without it the story would only be "a value nobody wrote".
    if (writesObserved(kept[i]!, kept)) continue;
    const without = kept.filter((_, j) => j !== i);
    if (without.length === 0) continue;
    const r = illegal(without);
    if (r === true) kept = without;
    else if (r === undefined) complete = false;
  }
  return { ops: kept, minimal: complete && i < 0, statesExplored: spent };
}
