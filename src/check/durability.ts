// Durability and crash atomicity across power losses: the first read of each
// key after a power loss sees every write acknowledged before it (or something
// provably newer), never a failed or uncommitted write nor a value nobody
// wrote, and each transaction's writes are all there or all gone.
// Contract: judged per epoch (between power losses) once the epoch ends, so
// every writer a read might have seen is known; timestamps are used only when
// both writers carry them, otherwise real-time order.
import { type HistoryEvent, type Key, SYSTEM_PROCESS, type Value } from "../history/events.js";
import type { Violation } from "../history/verdict.js";
import { showValue, valueKey } from "../models/value.js";
import type { CheckResult, Checker } from "./checker.js";
import { opEffects } from "./op-effects.js";
import { type Op, OpPairer } from "./op-pairing.js";
import { mayHaveHappened, older, WriteIndex, type Writer } from "./write-index.js";

interface FirstRead {
  readonly key: Key;
  readonly value: Value;
  readonly step: number;
  readonly process: number;
  readonly events: readonly HistoryEvent[];
}

interface Epoch {
  readonly step: number;
  readonly event: HistoryEvent;
  /** Per key, the acknowledged register writers no other acknowledged writer is known to follow. */
  readonly maximal: ReadonlyMap<string, readonly Writer[]>;
  readonly firstReads: Map<string, FirstRead>;
}

const keyText = (k: Key): string => JSON.stringify(k);

export class DurabilityChecker implements Checker {
  readonly name = "durability";
  readonly property = "durability" as const;
  private readonly pairer = new OpPairer();
  private readonly index = new WriteIndex();
  private readonly indexed = new Set<Op>();
  private readonly maximal = new Map<string, readonly Writer[]>();
  private readonly appenders = new Map<string, Writer[]>();
  private epoch: Epoch | undefined;
  private readonly violations: Violation[] = [];
  private powerLosses = 0;
  private readsJudged = 0;

  onEvent(e: HistoryEvent): Violation | undefined {
    if (e.process === SYSTEM_PROCESS) {
      this.pairer.onEvent(e);
      if (e.f !== "power-loss") return undefined;
      const found = this.closeEpoch();
      this.powerLosses++;
      this.epoch = { step: this.pairer.lastStep, event: e, maximal: new Map(this.maximal), firstReads: new Map() };
      return found;
    }
    const op = this.pairer.onEvent(e);
    if (!op) return undefined;
    const w = this.indexOp(op);
    if (w?.outcome === "ok") this.acknowledge(w);
    if (this.epoch && op.completion?.type === "ok" && op.invokeStep > this.epoch.step) {
      for (const r of opEffects(op).reads) {
        const k = valueKey(r.key);
        if (r.afterOwnWrite || this.epoch.firstReads.has(k)) continue;
        this.epoch.firstReads.set(k, { key: r.key, value: r.value, step: op.completeStep!, process: op.process, events: [op.invoke, op.completion] });
      }
    }
    return undefined;
  }

  finish(): CheckResult {
    this.closeEpoch();
    this.epoch = undefined;
    return {
      checker: this.name,
      verdict: this.violations.length > 0 ? "violation" : "ok",
      violations: this.violations,
      stats: { powerLosses: this.powerLosses, firstReadsJudged: this.readsJudged, writers: this.index.all.length },
    };
  }

  private indexOp(op: Op): Writer | undefined {
    if (this.indexed.has(op)) return undefined;
    this.indexed.add(op);
    return this.index.add(op);
  }

  private acknowledge(w: Writer): void {
    for (const [k, eff] of w.keys) {
      if (eff.elements) {
        const list = this.appenders.get(k) ?? [];
        list.push(w);
        this.appenders.set(k, list);
      }
      if (!("value" in eff)) continue;
      const cur = this.maximal.get(k) ?? [];
      if (cur.some((m) => older(w, m))) continue;
      this.maximal.set(k, [...cur.filter((m) => !older(m, w)), w]);
    }
  }

  /** Judges the first reads of the epoch that ends now. Returns the first violation found. */
  private closeEpoch(): Violation | undefined {
    const ep = this.epoch;
    if (!ep) return undefined;
    // Ops cut off by the power loss (or the end) may still have written.
    for (const op of this.pairer.openOps()) this.indexOp(op);
    const before = this.violations.length;
    const reads = [...ep.firstReads.values()].sort((a, b) => a.step - b.step);
    for (const r of reads) {
      this.readsJudged++;
      if (Array.isArray(r.value) || this.appenders.has(valueKey(r.key))) this.judgeList(ep, r);
      else this.judgeRegister(ep, r);
    }
    this.judgeAtomicity(ep);
    return this.violations[before];
  }

  private judgeRegister(ep: Epoch, r: FirstRead): void {
    const k = valueKey(r.key);
    const writers = this.index.writersOf(r.key, r.value);
    if (r.value !== null && writers.length === 0) return this.phantom(ep, r, r.value);
    const possible = writers.filter(mayHaveHappened);
    if (r.value !== null && possible.length === 0) return this.neverCommitted(ep, r, writers[0]!);
    const acked = (ep.maximal.get(k) ?? []).filter((m) => m.invokeStep < ep.step);
    const fine = (w: Writer | null): boolean => acked.every((m) => m === w || (w !== null && !older(w, m)));
    if (possible.some(fine) || (r.value === null && acked.length === 0)) return;
    const seen = possible[0] ?? null;
    const lost = acked.find((m) => seen === null || older(seen, m)) ?? acked[0]!;
    this.lost(ep, r, lost, seen === null ? "the initial state" : seen.label, showValue(lost.keys.get(k)?.value ?? null));
  }

  private judgeList(ep: Epoch, r: FirstRead): void {
    const k = valueKey(r.key);
    const list = Array.isArray(r.value) ? r.value : [];
    const present = new Set(list.map((x) => valueKey(x)));
    for (const el of list) {
      const writers = this.index.appendersOf(r.key, el);
      if (writers.length === 0) return this.phantom(ep, r, el);
      if (!writers.some(mayHaveHappened)) return this.neverCommitted(ep, r, writers[0]!);
    }
    for (const w of this.appenders.get(k) ?? []) {
      if (w.completeStep === undefined || w.completeStep >= ep.step) continue;
      const missing = (w.keys.get(k)?.elements ?? []).filter((el) => !present.has(valueKey(el)));
      if (missing.length > 0) return this.lost(ep, r, w, `a list without ${showValue(missing[0])}`, showValue(missing[0]));
    }
  }

  /** Present / absent / unknown for each key of a multi-key writer that has a first read. */
  private judgeAtomicity(ep: Epoch): void {
    for (const w of this.index.all) {
      if (w.keys.size < 2 || w.invokeStep >= ep.step || !mayHaveHappened(w)) continue;
      const there: Key[] = [];
      const gone: Array<{ key: Key; read: FirstRead }> = [];
      for (const [k, eff] of w.keys) {
        const r = ep.firstReads.get(k);
        if (!r) continue;
        const s = this.status(w, eff, r);
        if (s !== "gone") {
          if (s === "there") there.push(eff.key);
        } else gone.push({ key: eff.key, read: r });
      }
      if (there.length === 0 || gone.length === 0) continue;
      const g = gone[0]!;
      this.violations.push({
        kind: "torn-transaction",
        property: "atomic-visibility",
        rulesOut: ["read-atomic", "read-committed", "snapshot-isolation", "serializable", "strict-serializable"],
        step: g.read.step,
        threads: [...new Set([w.process, g.read.process])].sort((a, b) => a - b),
        evidence: { writer: w.label, outcome: w.outcome, powerLossStep: ep.step, present: there, missing: gone.map((x) => x.key), subHistory: [...w.events, ep.event, ...gone.flatMap((x) => x.read.events)] },
        explanation: `After the power loss at history index ${ep.step}, ${w.label}'s write of ${keyText(there[0]!)} survived but its write of ${keyText(g.key)} did not (the first read of ${keyText(g.key)}, history index ${g.read.step}, saw ${showValue(g.read.value)}): a transaction must survive whole or not at all.`,
      });
    }
  }

  private status(w: Writer, eff: { value?: Value; elements?: readonly Value[] }, r: FirstRead): "there" | "gone" | "unknown" {
    if (eff.elements && !("value" in eff)) {
      const list = Array.isArray(r.value) ? r.value.map((x) => valueKey(x)) : [];
      const hits = eff.elements.filter((el) => list.includes(valueKey(el))).length;
      return hits === eff.elements.length ? "there" : "gone";
    }
    const writers = this.index.writersOf(r.key, r.value);
    if (writers.includes(w)) return "there";
    const possible = writers.filter(mayHaveHappened);
    if (r.value === null && possible.length === 0) return "gone";
    return possible.length > 0 && possible.every((x) => older(x, w)) ? "gone" : "unknown";
  }

  private lost(ep: Epoch, r: FirstRead, w: Writer, sawFrom: string, wrote: string): void {
    this.violations.push({
      kind: "lost-write",
      property: "durability",
      step: r.step,
      threads: [...new Set([w.process, r.process])].sort((a, b) => a - b),
      evidence: { key: r.key, acknowledged: w.label, acknowledgedAt: w.completeStep ?? null, powerLossStep: ep.step, read: r.value, subHistory: [...w.events, ep.event, ...r.events] },
      explanation: `${w.label} wrote ${keyText(r.key)} (${wrote}) and was acknowledged at history index ${w.completeStep}, before the power loss at history index ${ep.step}; the first read of ${keyText(r.key)} after recovery (process ${r.process}, history index ${r.step}) saw ${showValue(r.value)} from ${sawFrom}: an acknowledged commit was lost.`,
    });
  }

  private neverCommitted(ep: Epoch, r: FirstRead, w: Writer): void {
    this.violations.push({
      kind: w.outcome === "fail" ? "aborted-write-visible" : "uncommitted-write-visible",
      property: "durability",
      step: r.step,
      threads: [...new Set([w.process, r.process])].sort((a, b) => a - b),
      evidence: { key: r.key, writer: w.label, outcome: w.outcome, powerLossStep: ep.step, read: r.value, subHistory: [...w.events, ep.event, ...r.events] },
      explanation: `After the power loss at history index ${ep.step}, process ${r.process} read ${keyText(r.key)} = ${showValue(r.value)} (history index ${r.step}), which only ${w.label} wrote, and ${w.label} ${w.outcome === "fail" ? "failed" : "never committed"}.`,
    });
  }

  private phantom(ep: Epoch, r: FirstRead, v: Value): void {
    this.violations.push({
      kind: "phantom-value",
      property: "durability",
      step: r.step,
      threads: [r.process],
      evidence: { key: r.key, read: r.value, value: v, powerLossStep: ep.step, subHistory: [ep.event, ...r.events] },
      explanation: `After the power loss at history index ${ep.step}, process ${r.process} read ${keyText(r.key)} = ${showValue(r.value)} (history index ${r.step}), containing ${showValue(v)}, which no operation wrote.`,
    });
  }
}
