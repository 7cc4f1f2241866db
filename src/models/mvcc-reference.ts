// The MVCC reference: for each key, the committed versions ordered by commit
// timestamp; a snapshot read returns the newest version visible at the snapshot.
// Contract: apply() may arrive out of commit order (versions are kept sorted);
// a version's value is its effects folded over the previous version's value.
import type { Key, Value } from "../history/events.js";
import { valueKey } from "./value.js";
import { type Visibility, visibleAt } from "./visibility.js";

export type Effect = { readonly kind: "write"; readonly value: Value } | { readonly kind: "append"; readonly element: Value };

export interface Version {
  readonly key: Key;
  readonly commit: number;
  readonly txn: number;
  /** The txn's effects on this key, in program order. */
  readonly effects: readonly Effect[];
}

interface Slot {
  readonly version: Version;
  /** Materialised value; undefined until computed (cleared when an older version is inserted). */
  value: Value | undefined;
}

export interface SnapshotRead {
  readonly value: Value;
  /** The version read, or null for the initial (absent) state. */
  readonly version: Version | null;
}

/** Applies effects in order on top of a value. */
export function applyEffects(base: Value, effects: readonly Effect[]): Value {
  let v = base;
  for (const e of effects) {
    if (e.kind === "write") v = e.value;
    else v = Array.isArray(v) ? [...v, e.element] : [e.element];
  }
  return v;
}

export class MvccReference {
  private readonly keys = new Map<string, Slot[]>();

  constructor(readonly visibility: Visibility = "strict") {}

  /** Installs one committed transaction's effects, grouped by key. */
  apply(txn: number, commit: number, effects: ReadonlyArray<{ readonly key: Key; readonly effect: Effect }>): Version[] {
    const out: Version[] = [];
    const byKey = new Map<string, { key: Key; effects: Effect[] }>();
    for (const { key, effect } of effects) {
      const k = valueKey(key);
      const entry = byKey.get(k) ?? { key, effects: [] };
      entry.effects.push(effect);
      byKey.set(k, entry);
    }
    for (const [k, { key, effects: es }] of byKey) {
      const version: Version = { key, commit, txn, effects: es };
      this.insert(k, version);
      out.push(version);
    }
    return out;
  }

  private insert(k: string, version: Version): void {
    let slots = this.keys.get(k);
    if (!slots) this.keys.set(k, (slots = []));
    // Keep commit order; equal timestamps keep arrival order.
    let i = slots.length;
    while (i > 0 && slots[i - 1]!.version.commit > version.commit) i--;
    slots.splice(i, 0, { version, value: undefined });
    for (let j = i + 1; j < slots.length; j++) slots[j]!.value = undefined;
  }

  /** The newest version of `key` visible at `snapshot`. */
  readAt(key: Key, snapshot: number): SnapshotRead {
    const slots = this.keys.get(valueKey(key));
    if (!slots) return { value: null, version: null };
    const i = this.lastVisible(slots, snapshot);
    if (i < 0) return { value: null, version: null };
    return { value: this.materialise(slots, i), version: slots[i]!.version };
  }

  /** All versions of a key in commit order, with their values. */
  versions(key: Key): Array<{ version: Version; value: Value }> {
    const slots = this.keys.get(valueKey(key)) ?? [];
    return slots.map((s, i) => ({ version: s.version, value: this.materialise(slots, i) }));
  }

  /** The versions just before and after `version` on its key (null = none). */
  neighbours(version: Version): { readonly before: Version | null; readonly after: Version | null } {
    const slots = this.keys.get(valueKey(version.key)) ?? [];
    // Search from the end: new versions usually land there.
    let i = slots.length - 1;
    while (i >= 0 && slots[i]!.version !== version) i--;
    if (i < 0) return { before: null, after: null };
    return { before: i > 0 ? slots[i - 1]!.version : null, after: i + 1 < slots.length ? slots[i + 1]!.version : null };
  }

  /** The newest version of `key` whose value equals `value` by `same`, or undefined. */
  findByValue(key: Key, same: (v: Value) => boolean): Version | undefined {
    const slots = this.keys.get(valueKey(key)) ?? [];
    for (let i = slots.length - 1; i >= 0; i--) if (same(this.materialise(slots, i))) return slots[i]!.version;
    return undefined;
  }

  private lastVisible(slots: readonly Slot[], snapshot: number): number {
    let lo = 0;
    let hi = slots.length; // first index not visible
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (visibleAt(slots[mid]!.version.commit, snapshot, this.visibility)) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  private materialise(slots: Slot[], i: number): Value {
    let j = i;
    // Walk back to a cached value or a version that starts with a write.
    while (j >= 0 && slots[j]!.value === undefined && slots[j]!.version.effects[0]?.kind !== "write") j--;
    let v: Value;
    let from: number;
    if (j < 0) {
      v = null;
      from = 0;
    } else if (slots[j]!.value !== undefined) {
      v = slots[j]!.value!;
      from = j + 1;
    } else {
      v = null;
      from = j;
    }
    for (let n = from; n <= i; n++) {
      v = applyEffects(v, slots[n]!.version.effects);
      slots[n]!.value = v;
    }
    return v;
  }
}
