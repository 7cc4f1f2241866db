// Hermitage's isolation tests (ept/hermitage, postgres.md) as directed op-level
// schedules over keys x (id 1) and y (id 2), set up to x=10, y=20 by T0. Each
// case says how its anomaly shows in the outcomes and what SI must answer.
// Where Postgres BLOCKS a write, the schedule issues it where a non-blocking
// store meets it, and values are unique per write (the graph checker infers
// version order from them): P4 writes 11 and 12, not 11 twice.
import type { LineOutcome, OpScriptResult, ScriptLine } from "../../../src/harness/op-script.js";

export const SETUP: readonly ScriptLine[] = [["T0", "begin"], ["T0", "w", "x", 10], ["T0", "w", "y", 20], ["T0", "commit"]];

export interface HermitageCase {
  readonly name: string;
  readonly script: readonly ScriptLine[];
  /** The anomaly is visible in what the clients saw (and committed). */
  shows(r: OpScriptResult): boolean;
  /** Snapshot isolation allows it (write skew, the read-only anomaly): then SI must let every txn commit. */
  readonly siAllows: boolean;
  /** What SI requires beyond "it does not show", or undefined when nothing more. */
  siRequires?(r: OpScriptResult): string | undefined;
}

const linesOf = (r: OpScriptResult, client: string): LineOutcome[] => r.outcomes.filter((o) => o.client === client);
/** Values `client` read, in script order (undefined for a read that did not complete). */
export const reads = (r: OpScriptResult, client: string): (number | null | undefined)[] =>
  linesOf(r, client).filter((o) => o.op === "r").map((o) => (o.result === "read" ? o.value : undefined));
export const committed = (r: OpScriptResult, client: string): boolean =>
  linesOf(r, client).some((o) => o.op === "commit" && o.result === "ok");
export const aborted = (r: OpScriptResult, client: string): boolean => linesOf(r, client).some((o) => o.result === "aborted");
const same = (a: readonly unknown[], b: readonly unknown[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);
const expect = (what: string, ok: boolean): string | undefined => (ok ? undefined : what);

export const CASES: readonly HermitageCase[] = [
  {
    // Write cycle: T1 and T2 overwrite each other's x and y; T3 then sees x of one and y of the other.
    name: "G0",
    script: [...SETUP, ["T1", "begin"], ["T2", "begin"], ["T1", "w", "x", 11], ["T2", "w", "x", 12], ["T2", "w", "y", 22], ["T1", "w", "y", 21], ["T1", "commit"], ["T2", "commit"], ["T3", "begin"], ["T3", "r", "x"], ["T3", "r", "y"], ["T3", "commit"]],
    shows: (r) => committed(r, "T1") && committed(r, "T2") && [[12, 21], [11, 22]].some((p) => same(reads(r, "T3"), p)),
    siAllows: false,
    siRequires: (r) => expect("exactly one of T1, T2 commits and T3 sees all of its writes", committed(r, "T1") !== committed(r, "T2") && same(reads(r, "T3"), committed(r, "T1") ? [11, 21] : [12, 22])),
  },
  {
    // Aborted read: T2 must never see the value of T1, which aborts.
    name: "G1a",
    script: [...SETUP, ["T1", "begin"], ["T2", "begin"], ["T1", "w", "x", 101], ["T2", "r", "x"], ["T1", "abort"], ["T2", "r", "x"], ["T2", "commit"]],
    shows: (r) => reads(r, "T2").includes(101),
    siAllows: false,
    siRequires: (r) => expect("T2 reads x=10 twice and commits", same(reads(r, "T2"), [10, 10]) && committed(r, "T2")),
  },
  {
    // Intermediate read: T2 must never see 101, which T1 overwrites before it commits.
    name: "G1b",
    script: [...SETUP, ["T1", "begin"], ["T2", "begin"], ["T1", "w", "x", 101], ["T2", "r", "x"], ["T1", "w", "x", 11], ["T1", "commit"], ["T2", "r", "x"], ["T2", "commit"]],
    shows: (r) => reads(r, "T2").includes(101),
    siAllows: false,
    // Read committed would show 11 the second time; SI keeps T2's snapshot.
    siRequires: (r) => expect("T2 reads x=10 twice (its snapshot)", same(reads(r, "T2"), [10, 10])),
  },
  {
    // Circular information flow: each reads the other's write.
    name: "G1c",
    script: [...SETUP, ["T1", "begin"], ["T2", "begin"], ["T1", "w", "x", 11], ["T2", "w", "y", 22], ["T1", "r", "y"], ["T2", "r", "x"], ["T1", "commit"], ["T2", "commit"]],
    shows: (r) => reads(r, "T1")[0] === 22 && reads(r, "T2")[0] === 11,
    siAllows: false,
    siRequires: (r) => expect("T1 reads y=20, T2 reads x=10, both commit (disjoint writes)", reads(r, "T1")[0] === 20 && reads(r, "T2")[0] === 10 && committed(r, "T1") && committed(r, "T2")),
  },
  {
    // Observed transaction vanishes: T3 sees T1's x, then T2's y replaces T1's y under it.
    // T2's write of x comes after T1 commits, where Postgres unblocks it.
    name: "OTV",
    script: [...SETUP, ["T1", "begin"], ["T2", "begin"], ["T3", "begin"], ["T1", "w", "x", 11], ["T1", "w", "y", 19], ["T1", "commit"], ["T3", "r", "x"], ["T2", "w", "x", 12], ["T2", "w", "y", 18], ["T3", "r", "y"], ["T2", "commit"], ["T3", "r", "y"], ["T3", "r", "x"], ["T3", "commit"]],
    // Anything but one whole snapshot (T0's, T1's or T2's) means T3 saw a txn partly.
    shows: (r) => ![[10, 20, 20, 10], [11, 19, 19, 11], [12, 18, 18, 12]].some((p) => same(reads(r, "T3"), p)),
    siAllows: false,
    siRequires: (r) => expect("T3 keeps its snapshot (10, 20, 20, 10); T2 loses to T1 (first committer wins)", same(reads(r, "T3"), [10, 20, 20, 10]) && committed(r, "T1") && !committed(r, "T2")),
  },
  {
    // Lost update: both read x=10 and write it; both commit.
    name: "P4",
    script: [...SETUP, ["T1", "begin"], ["T2", "begin"], ["T1", "r", "x"], ["T2", "r", "x"], ["T1", "w", "x", 11], ["T2", "w", "x", 12], ["T1", "commit"], ["T2", "commit"]],
    shows: (r) => committed(r, "T1") && committed(r, "T2") && reads(r, "T1")[0] === reads(r, "T2")[0],
    siAllows: false,
    siRequires: (r) => expect("T1 commits, T2 aborts", committed(r, "T1") && aborted(r, "T2")),
  },
  {
    // Read skew: T1 reads x before T2 commits and y after; x + y must stay 30.
    name: "G-single",
    script: [...SETUP, ["T1", "begin"], ["T2", "begin"], ["T1", "r", "x"], ["T2", "r", "x"], ["T2", "r", "y"], ["T2", "w", "x", 12], ["T2", "w", "y", 18], ["T2", "commit"], ["T1", "r", "y"], ["T1", "commit"]],
    shows: (r) => {
      const [x, y] = reads(r, "T1");
      return typeof x === "number" && typeof y === "number" && x + y !== 30;
    },
    siAllows: false,
    siRequires: (r) => expect("T1 reads x=10, y=20; both commit", same(reads(r, "T1"), [10, 20]) && committed(r, "T1") && committed(r, "T2")),
  },
  {
    // Write skew: each reads both keys and writes the one the other did not.
    name: "G2-item",
    script: [...SETUP, ["T1", "begin"], ["T2", "begin"], ["T1", "r", "x"], ["T1", "r", "y"], ["T2", "r", "x"], ["T2", "r", "y"], ["T1", "w", "x", 11], ["T2", "w", "y", 21], ["T1", "commit"], ["T2", "commit"]],
    shows: (r) => committed(r, "T1") && committed(r, "T2") && same(reads(r, "T1"), [10, 20]) && same(reads(r, "T2"), [10, 20]),
    siAllows: true,
  },
  {
    // Fekete et al.'s read-only anomaly: T3 sees T2 (y=25) but not T1 (x=0), though T1 read y before T2 wrote it.
    name: "read-only anomaly",
    script: [...SETUP, ["T1", "begin"], ["T1", "r", "x"], ["T1", "r", "y"], ["T2", "begin"], ["T2", "r", "y"], ["T2", "w", "y", 25], ["T2", "commit"], ["T3", "begin"], ["T3", "r", "x"], ["T3", "r", "y"], ["T3", "commit"], ["T1", "w", "x", 0], ["T1", "commit"]],
    shows: (r) => ["T1", "T2", "T3"].every((c) => committed(r, c)) && same(reads(r, "T1"), [10, 20]) && same(reads(r, "T3"), [10, 25]),
    siAllows: true,
  },
];
