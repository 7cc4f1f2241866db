// White-box snapshot isolation: with the engine's start/commit stamps, every
// read must equal the MVCC reference's prediction (own writes first), no two
// committed writers of a key may overlap (first-committer-wins), snapshots must
// be stable, and optionally each session sees its own previous commits.
// Single-key ops with stamps are one-op txns. Ops without stamps (e.g. cut off
// by a crash) cannot be placed on the timeline: a read that differs from the
// prediction is excused when it saw such an op's value (or list key), never otherwise.
// Contract: checks run whenever no txn is open (so every commit a snapshot may
// include is known) and at finish; each violation carries its history step.
import type { HistoryEvent } from "../history/events.js";
import { historyIndexText, txnId } from "../history/ids.js";
import type { Violation } from "../history/verdict.js";
import { MvccReference, type Version, applyEffects } from "../models/mvcc-reference.js";
import { showValue, valueKey } from "../models/value.js";
import { type Visibility, visibleAt } from "../models/visibility.js";
import type { CheckResult, Checker } from "./checker.js";
import { opEffects } from "./op-effects.js";
import { OpPairer, outcome } from "./op-pairing.js";
import { explainDivergence } from "./si-read-divergence.js";
import { keyText, sameRead, type TxnRecord, txnRecord } from "./txn-record.js";

export interface SnapshotIsolationOptions {
  readonly visibility?: Visibility;
  /** Require each process's txn to see that process's previous commit. */
  readonly sessionOrder?: boolean;
  /** Violations kept in the result (all are counted). */
  readonly maxViolations?: number;
}

const CLIENT_F = new Set(["txn", "read", "write", "cas", "append"]);
const RULES_OUT_SI = ["snapshot-isolation", "serializable", "strict-serializable"];

export class SnapshotIsolationChecker implements Checker {
  readonly name = "snapshot-isolation (white-box)";
  readonly property = "snapshot-isolation" as const;
  private readonly pairer = new OpPairer();
  private readonly ref: MvccReference;
  private readonly txns = new Map<number, TxnRecord>();
  private readonly uncommitted = new Map<string, Map<string, number>>();
  private readonly intermediate = new Map<string, Map<string, number>>();
  private readonly lastCommitOf = new Map<number, TxnRecord>();
  /** Per key, the newest snapshot already verified to have read it (for stability). */
  private readonly readSnapshot = new Map<string, TxnRecord>();
  private pending: TxnRecord[] = [];
  private readonly violations: Violation[] = [];
  /** Register values written by ops without stamps, as "key\0value"; list keys they appended to. */
  private readonly untimedValues = new Set<string>();
  private readonly untimedLists = new Set<string>();
  private readsExcused = 0;
  private readonly reported = new Set<string>();
  private violationCount = 0;
  private readsChecked = 0;
  private readonly maxViolations: number;

  constructor(private readonly options: SnapshotIsolationOptions = {}) {
    this.ref = new MvccReference(options.visibility ?? "strict");
    this.maxViolations = options.maxViolations ?? 50;
  }

  onEvent(event: HistoryEvent): Violation | undefined {
    const op = this.pairer.onEvent(event);
    let first: Violation | undefined;
    if (op && CLIENT_F.has(op.f)) {
      const t = txnRecord(op);
      if (t) first = this.record(t);
      else if (outcome(op) !== "fail") {
        for (const w of opEffects(op).writes) {
          if (w.effect.kind === "write") this.untimedValues.add(`${valueKey(w.key)}\0${valueKey(w.effect.value)}`);
          else this.untimedLists.add(valueKey(w.key));
        }
      }
    }
    if (this.pending.length > 0 && this.pairer.openCount() === 0) first = first ?? this.flush();
    return first;
  }

  finish(): CheckResult {
    this.flush();
    const v = this.violations;
    return {
      checker: this.name,
      verdict: v.length > 0 ? "violation" : "ok",
      violations: v,
      stats: { txns: this.txns.size, readsChecked: this.readsChecked, readsExcused: this.readsExcused, violations: this.violationCount },
    };
  }

  private record(t: TxnRecord): Violation | undefined {
    this.txns.set(t.id, t);
    this.pending.push(t);
    const writes = t.effects.writes;
    writes.forEach((w, i) => {
      // Committed txns expose only their last write of a key; the others are intermediate.
      const overwritten = writes.slice(i + 1).some((later) => later.effect.kind === "write" && valueKey(later.key) === valueKey(w.key));
      if (t.committed && !(overwritten && w.effect.kind === "write")) return;
      const index = t.committed ? this.intermediate : this.uncommitted;
      const k = valueKey(w.key);
      const m = index.get(k) ?? new Map<string, number>();
      m.set(valueKey(w.effect.kind === "write" ? w.effect.value : w.effect.element), t.id);
      index.set(k, m);
    });
    if (!this.options.sessionOrder || t.outcome !== "ok") return undefined;
    const prev = this.lastCommitOf.get(t.process);
    if (t.committed) this.lastCommitOf.set(t.process, t);
    if (prev && prev.commit !== undefined && !visibleAt(prev.commit, t.start, this.ref.visibility)) {
      return this.report(`session:${t.id}`, {
        kind: "session-order",
        property: "snapshot-isolation",
        rulesOut: ["strong-session-snapshot-isolation"],
        step: t.completeStep,
        threads: [t.process],
        evidence: { process: t.process, previous: { name: txnId(prev.invokeStep), txn: prev.id, commit: prev.commit }, txn: { name: txnId(t.invokeStep), id: t.id, start: t.start }, subHistory: [...prev.events, ...t.events] },
        explanation: `Process ${t.process} committed ${txnId(prev.invokeStep)} at ${prev.commit}, then began ${txnId(t.invokeStep)} with a snapshot at ${t.start} that does not include it: the session went back in time.`,
      });
    }
    return undefined;
  }

  /** Installs pending commits, then verifies pending reads. Returns the first new violation. */
  private flush(): Violation | undefined {
    const batch = this.pending.sort((a, b) => (a.commit ?? a.start) - (b.commit ?? b.start) || a.completeStep - b.completeStep);
    this.pending = [];
    let first: Violation | undefined;
    const note = (v: Violation | undefined): void => {
      first = first ?? v;
    };
    for (const t of batch) {
      if (!t.committed || t.effects.writes.length === 0) continue;
      const versions = this.ref.apply(t.id, t.commit!, t.effects.writes.map((w) => ({ key: w.key, effect: w.effect })));
      for (const v of versions) {
        note(this.checkConflicts(v));
        note(this.checkStability(t, v));
      }
    }
    for (const t of batch) if (t.outcome === "ok") note(this.checkReads(t));
    return first;
  }

  private checkConflicts(v: Version): Violation | undefined {
    const { before, after } = this.ref.neighbours(v);
    let out: Violation | undefined;
    for (const [older, newer] of [[before, v], [v, after]] as const) {
      if (!older || !newer) continue;
      const a = this.txns.get(older.txn)!;
      const b = this.txns.get(newer.txn)!;
      if (visibleAt(older.commit, b.start, this.ref.visibility) && older.commit !== newer.commit) continue;
      const found = this.report(`ww:${a.id}:${b.id}:${valueKey(v.key)}`, {
        kind: "concurrent-writers",
        property: "write-conflict",
        rulesOut: RULES_OUT_SI,
        step: Math.max(a.completeStep, b.completeStep),
        threads: [...new Set([a.process, b.process])].sort((x, y) => x - y),
        evidence: { key: v.key, first: { name: txnId(a.invokeStep), txn: a.id, start: a.start, commit: a.commit }, second: { name: txnId(b.invokeStep), txn: b.id, start: b.start, commit: b.commit }, subHistory: [...a.events, ...b.events] },
        explanation: `${txnId(a.invokeStep)} (snapshot ${a.start}, commit ${a.commit}) and ${txnId(b.invokeStep)} (snapshot ${b.start}, commit ${b.commit}) both wrote ${keyText(v.key)} and both committed, though ${txnId(b.invokeStep)}'s snapshot does not include ${txnId(a.invokeStep)}: first-committer-wins should have aborted ${txnId(b.invokeStep)} (lost update).`,
      });
      out = out ?? found;
    }
    return out;
  }

  private checkStability(t: TxnRecord, v: Version): Violation | undefined {
    const reader = this.readSnapshot.get(valueKey(v.key));
    if (!reader || !visibleAt(v.commit, reader.start, this.ref.visibility)) return undefined;
    return this.report(`stable:${t.id}:${reader.id}`, {
      kind: "unstable-snapshot",
      property: "snapshot-isolation",
      rulesOut: RULES_OUT_SI,
      step: t.completeStep,
      threads: [...new Set([reader.process, t.process])].sort((x, y) => x - y),
      evidence: { key: v.key, reader: { name: txnId(reader.invokeStep), txn: reader.id, start: reader.start }, writer: { name: txnId(t.invokeStep), txn: t.id, start: t.start, commit: t.commit }, subHistory: [...reader.events, ...t.events] },
      explanation: `${txnId(reader.invokeStep)} read ${keyText(v.key)} at snapshot ${reader.start} and finished before ${txnId(t.invokeStep)} began, yet ${txnId(t.invokeStep)} committed ${keyText(v.key)} at ${t.commit}, inside that snapshot: the snapshot changed after it was read.`,
    });
  }

  private checkReads(t: TxnRecord): Violation | undefined {
    const own = new Map<string, unknown>();
    // Reads excused for seeing an indeterminate (info) write: own writes build on them.
    const excused = new Map<string, unknown>();
    const ops = t.steps;
    let readIndex = 0;
    for (let at = 0; at < ops.length; at++) {
      const [kind, key, value] = ops[at]!;
      const k = valueKey(key);
      if (kind !== "r") {
        const base = own.has(k) ? (own.get(k) as never) : excused.has(k) ? (excused.get(k) as never) : this.ref.readAt(key, t.start).value;
        own.set(k, applyEffects(base, [kind === "w" ? { kind: "write", value } : { kind: "append", element: value }]));
        continue;
      }
      const read = t.effects.reads[readIndex++]!;
      this.readsChecked++;
      const snap = this.ref.readAt(key, t.start);
      const expected = own.has(k) ? (own.get(k) as never) : snap.value;
      if (!read.afterOwnWrite) {
        const prev = this.readSnapshot.get(k);
        if (!prev || prev.start < t.start) this.readSnapshot.set(k, t);
      }
      if (sameRead(read.value, expected)) continue;
      if (!own.has(k) && (this.untimedLists.has(k) || this.untimedValues.has(`${k}\0${valueKey(read.value)}`))) {
        this.readsExcused++;
        excused.set(k, read.value);
        continue;
      }
      const d = explainDivergence({ ref: this.ref, txns: this.txns, uncommitted: this.uncommitted, intermediate: this.intermediate }, t, read, expected, own.has(k) ? null : snap.version);
      const involved = [...new Set(d.involved)].map((id) => this.txns.get(id)).filter((x): x is TxnRecord => x !== undefined);
      return this.report(`read:${t.id}`, {
        kind: d.kind,
        property: d.property,
        rulesOut: d.property === "atomic-visibility" ? ["read-atomic", ...RULES_OUT_SI] : RULES_OUT_SI,
        step: t.completeStep,
        threads: [...new Set(involved.map((x) => x.process))].sort((a, b) => a - b),
        evidence: {
          txn: { name: txnId(t.invokeStep), id: t.id, start: t.start, commit: t.commit ?? null },
          key,
          microOp: at,
          read: read.value,
          expected,
          expectedFrom: d.expectedFrom ? { txn: d.expectedFrom.txn, commit: d.expectedFrom.commit } : null,
          observedFrom: d.observedFrom ? { txn: d.observedFrom.txn, commit: d.observedFrom.commit } : d.observedFrom === null ? "initial" : "unknown",
          subHistory: involved.sort((a, b) => a.invokeStep - b.invokeStep).flatMap((x) => x.events),
        },
        explanation: `${d.explanation} (read of ${showValue(read.value)} at micro-op ${at}, ${historyIndexText(t.completeStep)}).`,
      });
    }
    return undefined;
  }

  private report(id: string, v: Violation): Violation | undefined {
    if (this.reported.has(id)) return undefined;
    this.reported.add(id);
    this.violationCount++;
    if (this.violations.length < this.maxViolations) this.violations.push(v);
    return v;
  }
}
