// Anomalies found while reading the history, before naming models: a kind, the
// txns involved, the history index where it shows, words and data. Keeps at
// most MAX_PER_KIND examples of each kind but counts them all.
import type { Property } from "../../history/verdict.js";

export interface Finding {
  readonly kind: string;
  /** Txn ids (TxnTable rows) involved, in the order the explanation names them. */
  readonly txns: readonly number[];
  /** History index where the anomaly shows. */
  readonly step: number;
  readonly explanation: string;
  readonly evidence: Readonly<Record<string, unknown>>;
  /** The property broken, where it is more precise than the kind's (anomaly-table.ts). */
  readonly property?: Property;
}

export const MAX_PER_KIND = 8;

export class Findings {
  readonly list: Finding[] = [];
  /** Every occurrence counted, including those not kept. */
  readonly counts = new Map<string, number>();

  add(f: Finding): void {
    const n = (this.counts.get(f.kind) ?? 0) + 1;
    this.counts.set(f.kind, n);
    if (n <= MAX_PER_KIND) this.list.push(f);
  }

  has(kind: string): boolean {
    return this.counts.has(kind);
  }
}

/** Compact text for a value in an explanation; long lists keep their tail. */
export function showValue(v: unknown): string {
  if (v === null || v === undefined) return "nil";
  if (Array.isArray(v)) {
    const items = v.length > 6 ? ["...", ...v.slice(-5).map(showValue)] : v.map(showValue);
    return `[${items.join(" ")}]`;
  }
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v) ?? String(v);
}

/** A value usable as a Map key with the equality of written values (1 ≠ "1"). */
export function canon(v: unknown): unknown {
  if (typeof v === "number" || typeof v === "string" || v === null) return v;
  return `\u0000${JSON.stringify(v)}`;
}

/** A key as a person writes it: strings bare, numbers as numbers. */
export function showKey(k: unknown): string {
  return typeof k === "string" ? k : showValue(k);
}
