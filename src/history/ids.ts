// The one way every checker message, report and timeline names things, so the
// same transaction, process or moment reads the same everywhere.
// Contract: a transaction is `T<n>`, n = the history index of its invoke event;
// a history's client is "process P" (Jepsen's :process); "thread N" is only a
// simulated scheduler thread; a number is said to be a "history index" or a
// "scheduler step", never a bare "step". Documented in docs/history-format.md.

/** `T29`: the transaction (or op) whose invoke event is at history index 29. */
export function txnId(invokeIndex: number): string {
  return `T${invokeIndex}`;
}

/** The history index a `T<n>` id names, or undefined when the text is not one. */
export function invokeIndexOfTxnId(id: string): number | undefined {
  const m = /^T(\d+)$/.exec(id);
  return m ? Number(m[1]) : undefined;
}

export function processText(p: number): string {
  return `process ${p}`;
}

export function threadText(t: number): string {
  return `thread ${t}`;
}

export function historyIndexText(i: number): string {
  return `history index ${i}`;
}

export function schedulerStepText(s: number): string {
  return `scheduler step ${s}`;
}

/** What a violation's `step` counts. Absent on a violation = "history-index". */
export type StepKind = "history-index" | "scheduler-step";
/** What a violation's `threads` hold. Absent on a violation = "process". */
export type ActorKind = "process" | "thread";

export function stepText(kind: StepKind | undefined, n: number): string {
  return kind === "scheduler-step" ? schedulerStepText(n) : historyIndexText(n);
}

/** "processes 1, 2", "thread 4", or "-" when none. */
export function actorsText(kind: ActorKind | undefined, ids: readonly number[]): string {
  if (ids.length === 0) return "-";
  const word = kind === "thread" ? "thread" : "process";
  const plural = ids.length === 1 ? word : word === "process" ? "processes" : "threads";
  return `${plural} ${ids.join(", ")}`;
}

/** A violation's headline position and actors: "at history index 29, processes 1, 2". */
export function violationPlace(v: { readonly step: number; readonly threads: readonly number[]; readonly stepKind?: StepKind; readonly actorKind?: ActorKind }): string {
  return `at ${stepText(v.stepKind, v.step)}, ${actorsText(v.actorKind, v.threads)}`;
}
