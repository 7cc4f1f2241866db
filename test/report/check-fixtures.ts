// Histories for the `mvsim check --out` report tests: a G2-item cycle of three
// concurrent rw-register txns (each read a key the next one writes), and a
// single key where a read returns a value already overwritten (not linearizable).
import type { HistoryEvent } from "../../src/history/events.js";
import { toJsonlHistory } from "../../src/history/jsonl.js";

type Ev = Omit<HistoryEvent, "index">;
const indexed = (es: Ev[]): HistoryEvent[] => es.map((e, index) => ({ ...e, index }));

/** T0, T1, T2 each read nil from a key the next one writes: a cycle of three rw edges. */
export function rwCycleHistory(): HistoryEvent[] {
  const t = (process: number, r: string, w: string): [Ev, Ev] => [
    { type: "invoke", process, f: "txn", value: [["r", r, null], ["w", w, 1]] },
    { type: "ok", process, f: "txn", value: [["r", r, null], ["w", w, 1]] },
  ];
  const [a0, a1] = t(0, "x", "y");
  const [b0, b1] = t(1, "y", "z");
  const [c0, c1] = t(2, "z", "x");
  return indexed([a0, b0, c0, a1, b1, c1]);
}

/** On key "k": write 1, write 2, a read of 2, then a read of 1 that starts after write 2 completed. */
export function staleReadHistory(): HistoryEvent[] {
  const op = (process: number, f: "read" | "write", v: number | null, type: "invoke" | "ok"): Ev => ({ type, process, f, value: ["k", v] });
  return indexed([
    op(0, "write", 1, "invoke"),
    op(0, "write", 1, "ok"),
    op(1, "write", 2, "invoke"),
    op(2, "read", null, "invoke"),
    op(2, "read", 2, "ok"),
    op(1, "write", 2, "ok"),
    op(0, "read", null, "invoke"),
    op(0, "read", 2, "ok"),
    op(3, "read", null, "invoke"),
    op(3, "read", 1, "ok"),
  ]);
}

export const asJsonl = (h: HistoryEvent[]): string => toJsonlHistory(h);
