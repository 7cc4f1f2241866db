// Directed op-level schedules (Hermitage style): script lines "T1 begin",
// "T2 w x 12", "T1 commit"... run in order, one client thread per name, in one
// World. Contract: a line starts only when the cursor reaches it and runs to
// completion before the next line starts, unless it waits on another txn: then
// it is reported `blocked`, the cursor moves on, and it finishes when it can.
// A classified error aborts that client's txn; its later ops are `skipped`.
// Same script, target and seed ⇒ same outcomes and history.
import type { Gen, Ports, Step, Waitable } from "../engine/ports.js";
import type { HistoryEvent, MicroOp, TxnStamps } from "../history/events.js";
import type { Strategy, ThreadView } from "../sim/strategies/strategy.js";
import { DEFAULT_WORLD, World, type RunOutcome, type WorldOptions } from "../sim/world.js";
import type { KvSession, KvStore, KvTarget, KvTxn } from "./target.js";

export type ScriptOp =
  | readonly [client: string, op: "begin" | "commit" | "abort" | "resume"]
  | readonly [client: string, op: "r", key: string]
  | readonly [client: string, op: "w", key: string, value: number];

/** An op that stops just before its `nth` (default 1st) step labelled `pauseAt`; the client's next line, ["T", "resume"], finishes it. */
export interface PausingOp {
  readonly op: ScriptOp;
  readonly pauseAt: string;
  readonly nth?: number;
}

export type ScriptLine = ScriptOp | PausingOp;

export type LineResult = "ok" | "read" | "aborted" | "skipped" | "blocked" | "paused";

export interface LineOutcome {
  readonly line: number;
  readonly client: string;
  readonly op: ScriptOp[1];
  result: LineResult;
  /** read: the value read (null = absent); commit: the commit timestamp. */
  value?: number | null;
  /** aborted: the target's reason; skipped: why. */
  reason?: string;
  /** The line waited on another txn, so later lines ran before it finished (or it never did). */
  blocked: boolean;
}

export interface OpScriptOptions {
  readonly target: KvTarget;
  readonly script: readonly ScriptLine[];
  readonly seed?: bigint;
  /** Steps one op may take before it counts as waiting on another txn (spin-waits). */
  readonly opStepsMax?: number;
  readonly world?: Partial<Omit<WorldOptions, "seed" | "strategy">>;
}

export interface OpScriptResult {
  readonly outcomes: readonly LineOutcome[];
  readonly history: readonly HistoryEvent[];
  readonly run: RunOutcome;
}

type Phase = "gate" | "op" | "paused" | "done";

interface Client {
  readonly name: string;
  readonly process: number;
  readonly lines: number[];
  tid: number;
  next: number;
  phase: Phase;
  opSteps: number;
  session?: KvSession;
  txn?: KvTxn;
  /** Line at which the open txn began (its invoke is recorded); -1 when none. */
  begunAt: number;
  ops: MicroOp[];
  abortedAt?: number;
}

export const opOf = (l: ScriptLine): ScriptOp => ("op" in l ? l.op : l);

/** Throws a one-line message naming the bad line when the script cannot run. */
export function checkScript(script: readonly ScriptLine[]): void {
  const open = new Map<string, boolean>();
  const pausing = new Set<string>();
  script.forEach((l, i) => {
    const [c, op] = opOf(l);
    const bad = (what: string): never => {
      throw new Error(`op-script line ${i} (${c} ${op}): ${what}`);
    };
    if (pausing.has(c) && op !== "resume") bad(`expected ["${c}", "resume"] after its pausing op`);
    if (op === "resume" && !pausing.has(c)) bad("resume without a pausing op before it");
    pausing.delete(c);
    if ("pauseAt" in l) pausing.add(c);
    if (op === "begin") {
      if (open.get(c)) bad("begin while a txn of this client is open");
      open.set(c, true);
    } else if (op !== "resume" && !open.get(c)) bad("no open txn (begin first)");
    if (op === "commit" || op === "abort") open.set(c, false);
  });
  for (const c of pausing) throw new Error(`op-script: ${c} pauses but never resumes`);
}

export function runOpScript(o: OpScriptOptions): OpScriptResult {
  checkScript(o.script);
  const script = o.script.map(opOf);
  const opStepsMax = o.opStepsMax ?? 20_000;
  const outcomes: LineOutcome[] = script.map(([client, op], line) => ({ line, client, op, result: "blocked", blocked: false }));
  const released = script.map(() => false);
  const pausedLines = new Set<number>();
  let cursor = 0;
  let store: KvStore | undefined;
  const clients = new Map<string, Client>();
  script.forEach(([name], i) => {
    let c = clients.get(name);
    if (!c) clients.set(name, (c = { name, process: clients.size, lines: [], tid: -1, next: 0, phase: "gate", opSteps: 0, begunAt: -1, ops: [] }));
    c.lines.push(i);
  });
  const byTid = new Map<number, Client>();
  const daemons: number[] = [];
  /** Daemon steps since the cursor last moved: a daemon that never rests must not hide a stall. */
  let daemonSteps = 0;
  let directorTid = -1;

  const lineOf = (c: Client): number => c.lines[c.next] ?? script.length;
  const gateOpen = (c: Client): boolean => store !== undefined && (cursor === lineOf(c) || released[lineOf(c)] === true);
  // A paused op's resume line is the client's next one; it opens when the cursor gets there.
  const resumeOpen = (c: Client): boolean => cursor >= (c.lines[c.next + 1] ?? script.length);
  // Each move of the cursor may free an op that spun past its budget: give it a fresh one.
  const advance = (): void => {
    cursor++;
    daemonSteps = 0;
    for (const c of clients.values()) if (c.phase === "op") c.opSteps = 0;
  };
  const done = (line: number): void => {
    if (cursor === line) advance();
  };

  /** active: can move now or later without help; idle: waits for the script; stuck: waits on another txn. */
  const clientState = (c: Client): "active" | "idle" | "stuck" => {
    const t = world.scheduler.thread(c.tid);
    if (!t || t.state !== "live" || c.phase === "done") return "idle";
    if (c.phase === "gate") return gateOpen(c) ? "active" : "idle";
    if (c.phase === "paused") return resumeOpen(c) ? "active" : "idle";
    if (c.opSteps > opStepsMax) return "stuck";
    const s = t.pending;
    return s.kind !== "block" || s.on.ready() || s.on.deadlineUs !== undefined ? "active" : "stuck";
  };
  const daemonRunnable = (): boolean =>
    daemonSteps <= opStepsMax &&
    daemons.some((tid) => {
      const t = world.scheduler.thread(tid);
      return t !== undefined && t.state === "live" && (t.pending.kind !== "block" || t.pending.on.ready());
    });
  const stalled: Waitable = {
    name: "op-script: every client waits on another txn",
    ready: () => [...clients.values()].every((c) => clientState(c) !== "active") && !daemonRunnable(),
  };

  // Director first, then carried-over ops (so an unblocked op settles), then the cursor's line, then daemons.
  const strategy: Strategy = {
    name: "op-script",
    pick(runnable: readonly ThreadView[]): number {
      let best = runnable[0]!;
      let bestRank = Infinity;
      for (const v of runnable) {
        const c = byTid.get(v.tid);
        const rank =
          v.tid === directorTid ? 0
          : c === undefined ? 3
          : c.phase === "paused" && !resumeOpen(c) ? 5
          : c.phase === "op" && c.opSteps > opStepsMax ? 4
          : c.phase === "op" && lineOf(c) !== cursor ? 1
          : 2;
        if (rank < bestRank) [best, bestRank] = [v, rank];
      }
      const c = byTid.get(best.tid);
      if (c && c.phase === "op") c.opSteps++;
      else if (bestRank === 3) daemonSteps++;
      return best.tid;
    },
  };

  // drive() must see every step a target yields (to pause at a label): no step may be taken inline.
  const world = new World({ ...DEFAULT_WORLD, ...o.world, seed: o.seed ?? 1n, strategy, stepInline: false });
  const pid = world.spawnProcess("op-script", { crashable: false });
  const record = (c: Client, type: HistoryEvent["type"], value: unknown, extra: { txn?: TxnStamps; error?: string } = {}) =>
    world.history.record({ type, process: c.process, f: "txn", value, thread: c.tid, ...extra });

  /** Runs a target generator step by step: counts steps, and parks before `pauseAt`. */
  function* drive<T>(c: Client, g: Gen<T>, line: number, pauseAt: string | undefined): Gen<T> {
    const raw = o.script[line]!;
    let left = "nth" in raw ? (raw.nth ?? 1) : 1;
    let r = g.next();
    while (!r.done) {
      const s: Step = r.value;
      if (pauseAt !== undefined && "label" in s && s.label === pauseAt && --left === 0) {
        pauseAt = undefined;
        pausedLines.add(line);
        c.phase = "paused";
        outcomes[line]!.result = "paused";
        done(line);
        yield { kind: "block", on: { name: `op-script: ${c.name} paused at ${s.label}`, ready: () => resumeOpen(c) }, label: "op-script.paused" };
        c.phase = "op";
      }
      r = g.next(yield s);
    }
    return r.value;
  }

  function* runLine(c: Client, line: number, p: Ports): Gen<void> {
    const out = outcomes[line]!;
    const raw = o.script[line]!;
    const pauseAt = "pauseAt" in raw ? raw.pauseAt : undefined;
    const op = script[line]!;
    if (op[1] === "resume") {
      const pausing = c.lines[c.next - 1]!;
      if (pausedLines.has(pausing)) out.result = "ok";
      else [out.result, out.reason] = ["skipped", `line ${pausing} never paused`];
      return;
    }
    if (op[1] !== "begin" && c.abortedAt !== undefined) {
      [out.result, out.reason] = ["skipped", `the txn aborted at line ${c.abortedAt}`];
      return;
    }
    c.session ??= store!.session(p);
    const stamps = (commit?: number): TxnStamps => ({ id: c.txn!.id, start: c.txn!.startTs, ...(commit === undefined ? {} : { commit }) });
    try {
      switch (op[1]) {
        case "begin":
          c.abortedAt = undefined;
          c.ops = [];
          c.begunAt = line;
          record(c, "invoke", planned(script, line));
          c.txn = yield* drive(c, c.session.begin(), line, pauseAt);
          out.result = "ok";
          break;
        case "r": {
          const v = yield* drive(c, c.txn!.get(op[2]), line, pauseAt);
          out.value = v === null ? null : Number(v);
          c.ops.push(["r", op[2], out.value]);
          out.result = "read";
          break;
        }
        case "w":
          yield* drive(c, c.txn!.put(op[2], String(op[3])), line, pauseAt);
          c.ops.push(["w", op[2], op[3]]);
          out.result = "ok";
          break;
        case "commit": {
          const ts = yield* drive(c, c.txn!.commit(), line, pauseAt);
          record(c, "ok", c.ops, { txn: stamps(ts) });
          [out.result, out.value, c.txn, c.begunAt] = ["ok", ts, undefined, -1];
          break;
        }
        case "abort":
          yield* drive(c, c.txn!.abort(), line, pauseAt);
          record(c, "fail", c.ops, { txn: stamps(), error: "aborted by the script" });
          [out.result, c.txn, c.begunAt] = ["ok", undefined, -1];
          break;
      }
    } catch (e) {
      const cls = o.target.classify(e);
      if (!cls) throw e;
      [out.result, out.reason, c.abortedAt] = ["aborted", cls.reason, line];
      record(c, cls.type, c.ops, { ...(c.txn ? { txn: stamps() } : {}), error: cls.reason });
      const failed = c.txn;
      [c.txn, c.begunAt] = [undefined, -1];
      // As a client after a conflict: abort, so the store can drop what the txn holds.
      if (failed && cls.type === "fail") yield* abortQuietly(o.target, failed, c, line);
    }
    if (pauseAt !== undefined && !pausedLines.has(line) && out.reason === undefined) out.reason = `never paused: too few steps labelled ${pauseAt}`;
  }

  function* abortQuietly(target: KvTarget, txn: KvTxn, c: Client, line: number): Gen<void> {
    try {
      yield* drive(c, txn.abort(), line, undefined);
    } catch (e) {
      if (!target.classify(e)) throw e;
    }
  }

  directorTid = world.spawnThread(pid, "op-script.director", (p) =>
    (function* (): Gen<void> {
      const opened = yield* o.target.open(p);
      if (opened.background) daemons.push(world.spawnThread(pid, "op-script.bg", (bp) => opened.background!(bp), { daemon: true }));
      store = opened;
      for (;;) {
        yield { kind: "block", on: stalled, label: "op-script.stalled" };
        if (cursor >= script.length) return;
        released[cursor] = true;
        outcomes[cursor]!.blocked = true;
        advance();
      }
    })(),
  );
  for (const c of clients.values()) {
    c.tid = world.spawnThread(pid, c.name, (p) =>
      (function* (): Gen<void> {
        for (; c.next < c.lines.length; c.next++) {
          const line = lineOf(c);
          c.phase = "gate";
          yield { kind: "block", on: { name: `op-script: ${c.name} waits for line ${line}`, ready: () => gateOpen(c) }, label: "op-script.gate" };
          [c.phase, c.opSteps] = ["op", 0];
          yield* runLine(c, line, p);
          done(line);
        }
        c.phase = "done";
      })(),
      { daemon: true },
    );
    byTid.set(c.tid, c);
  }

  const run = world.run();
  // Txns the script left open: one blocked in commit may or may not have committed.
  for (const c of clients.values()) {
    if (c.begunAt < 0 || run.end === "violation") continue;
    const inCommit = c.phase === "op" && script[lineOf(c)]?.[1] === "commit";
    record(c, inCommit ? "info" : "fail", c.ops, { ...(c.txn ? { txn: { id: c.txn.id, start: c.txn.startTs } } : {}), error: inCommit ? "commit blocked when the script ended" : "never committed" });
  }
  return { outcomes, history: world.history.all(), run };
}

/** The invoke value of the txn begun at `line`: its client's ops up to its commit or abort, reads unknown. */
function planned(script: readonly ScriptOp[], line: number): MicroOp[] {
  const client = script[line]![0];
  const ops: MicroOp[] = [];
  for (let i = line + 1; i < script.length; i++) {
    const op = script[i]!;
    if (op[0] !== client) continue;
    if (op[1] === "commit" || op[1] === "abort") break;
    if (op[1] === "r") ops.push(["r", op[2], null]);
    else if (op[1] === "w") ops.push(["w", op[2], op[3]]);
  }
  return ops;
}
