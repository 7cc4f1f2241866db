// Reclamation safety from system events: any use-after-free; a gc-drop of a
// version an open snapshot can still see; garbage left unreclaimed once the run
// is quiet (last memory sample above a bound while no snapshot is open).
// Contract: online for the first two (reported at their event), at finish for the third.
import { type GcDropValue, type HistoryEvent, type Key, SYSTEM_PROCESS, type UseAfterFreeValue } from "../history/events.js";
import { historyIndexText, schedulerStepText, threadText, txnId } from "../history/ids.js";
import type { Violation } from "../history/verdict.js";
import { type Visibility, visibleAt } from "../models/visibility.js";
import type { CheckResult, Checker } from "./checker.js";

export interface ReclamationOptions {
  readonly visibility?: Visibility;
  /** Garbage versions tolerated in the last memory sample of a quiet run. */
  readonly garbageVersionsMax?: number;
}

interface MemorySample {
  readonly step: number;
  readonly event: HistoryEvent;
  readonly garbageVersions: number;
  readonly openSnapshots: number;
}

const site = (s: { thread: number; step: number; label?: string }): string => `${threadText(s.thread)} at ${schedulerStepText(s.step)}${s.label ? ` (${s.label})` : ""}`;

export class ReclamationChecker implements Checker {
  readonly name = "reclamation";
  readonly property = "reclamation" as const;
  private position = 0;
  /** Open snapshots: txn id -> ts, owning pid (optional `pid` in the event), the snapshot-open event. */
  private readonly open = new Map<number, { ts: number; pid: number | undefined; event: HistoryEvent; maybeDead: boolean }>();
  private readonly violations: Violation[] = [];
  /** Engine txn id -> history index of its invoke, so a snapshot is named T<invoke index> like everywhere else. */
  private readonly invokeOfTxn = new Map<number, number>();
  /** Simulated thread -> history index of the txn invoke it has open (snapshot-open events carry the thread). */
  private readonly openInvoke = new Map<number, number>();
  private lastMemory: MemorySample | undefined;
  private faultsStopped = false;
  private drops = 0;
  private readonly visibility: Visibility;
  private readonly garbageMax: number;

  constructor(options: ReclamationOptions = {}) {
    this.visibility = options.visibility ?? "strict";
    this.garbageMax = options.garbageVersionsMax ?? 64;
  }

  onEvent(e: HistoryEvent): Violation | undefined {
    const step = e.index ?? this.position;
    this.position++;
    if (e.process !== SYSTEM_PROCESS) {
      this.noteClientEvent(e, step);
      return undefined;
    }
    const v = e.value as Record<string, unknown> | null;
    switch (e.f) {
      case "snapshot-open":
        if (e.thread !== undefined && this.openInvoke.has(e.thread)) this.invokeOfTxn.set(v!.txn as number, this.openInvoke.get(e.thread)!);
        this.open.set(v!.txn as number, { ts: v!.ts as number, pid: typeof v!.pid === "number" ? v!.pid : undefined, event: e, maybeDead: false });
        return undefined;
      case "snapshot-close":
        this.open.delete(v!.txn as number);
        return undefined;
      case "crash":
        // A dead process's snapshots may be reclaimed (stale reader cleanup). Without
        // a pid we cannot tell whose died, so those snapshots no longer count as proof.
        for (const [txn, s] of [...this.open]) {
          if (s.pid === undefined) s.maybeDead = true;
          else if (s.pid === v!.pid) this.open.delete(txn);
        }
        return undefined;
      case "power-loss":
        // Every process died: no snapshot survives.
        this.open.clear();
        return undefined;
      case "faults-stop":
        this.faultsStopped = true;
        return undefined;
      case "memory":
        this.lastMemory = { step, event: e, garbageVersions: v!.garbageVersions as number, openSnapshots: this.open.size };
        return undefined;
      case "use-after-free":
        return this.push(this.useAfterFree(e, step, e.value as UseAfterFreeValue));
      case "gc-drop":
        this.drops++;
        return this.push(this.gcDrop(e, step, e.value as GcDropValue));
      default:
        return undefined;
    }
  }

  finish(): CheckResult {
    const m = this.lastMemory;
    if (m && m.openSnapshots === 0 && m.garbageVersions > this.garbageMax) {
      this.violations.push({
        kind: "garbage-not-reclaimed",
        property: "reclamation",
        step: m.step,
        threads: [],
        evidence: { garbageVersions: m.garbageVersions, garbageVersionsMax: this.garbageMax, afterFaultsStop: this.faultsStopped, subHistory: [m.event] },
        explanation: `At the last memory sample (${historyIndexText(m.step)}) no snapshot was open, yet ${m.garbageVersions} garbage versions remained (bound ${this.garbageMax}): garbage is not reclaimed once nothing needs it.`,
      });
    }
    return {
      checker: this.name,
      verdict: this.violations.length > 0 ? "violation" : "ok",
      violations: this.violations,
      stats: { gcDrops: this.drops, lastGarbageVersions: m?.garbageVersions ?? -1 },
    };
  }

  /** Client events: which txn invoke each thread has open, and each engine txn id's invoke. */
  private noteClientEvent(e: HistoryEvent, step: number): void {
    if (e.thread === undefined) return;
    if (e.type === "invoke") {
      this.openInvoke.set(e.thread, step);
      return;
    }
    const at = this.openInvoke.get(e.thread);
    this.openInvoke.delete(e.thread);
    if (at !== undefined && e.txn) this.invokeOfTxn.set(e.txn.id, at);
  }

  private txnName(engineTxn: number): string {
    const at = this.invokeOfTxn.get(engineTxn);
    return at !== undefined ? txnId(at) : `engine txn ${engineTxn} (no client event names it)`;
  }

  private push(v: Violation | undefined): Violation | undefined {
    if (v) this.violations.push(v);
    return v;
  }

  private useAfterFree(e: HistoryEvent, step: number, u: UseAfterFreeValue): Violation {
    return {
      kind: "use-after-free",
      property: "reclamation",
      step,
      threads: [...new Set([u.thread, u.freeSite.thread])].sort((a, b) => a - b),
      actorKind: "thread",
      evidence: { ...u, subHistory: [e] },
      explanation: `Thread ${u.thread} did a ${u.op} of address ${u.addr}${u.label ? ` (${u.label})` : ""} at ${schedulerStepText(u.step)}, after the block was freed at ${site(u.freeSite)}; it was allocated at ${site(u.allocSite)}.`,
    };
  }

  private gcDrop(e: HistoryEvent, step: number, d: GcDropValue): Violation | undefined {
    for (const [txn, s] of [...this.open].sort((a, b) => a[0] - b[0])) {
      if (s.maybeDead) continue;
      const seesIt = visibleAt(d.commit, s.ts, this.visibility) && (d.supersededBy === null || !visibleAt(d.supersededBy, s.ts, this.visibility));
      if (!seesIt) continue;
      const key: Key = d.key;
      return {
        kind: "gc-dropped-visible-version",
        property: "reclamation",
        step,
        threads: [d.thread],
        actorKind: "thread",
        evidence: { key, commit: d.commit, supersededBy: d.supersededBy, snapshot: { txn, ts: s.ts }, subHistory: [s.event, e] },
        explanation: `GC on thread ${d.thread} dropped the version of ${JSON.stringify(key)} committed at ${d.commit}${d.supersededBy === null ? " (the newest one)" : ` (superseded at ${d.supersededBy})`}, but the snapshot of ${this.txnName(txn)} at ${s.ts}, still open, must read exactly that version.`,
      };
    }
    return undefined;
  }
}
