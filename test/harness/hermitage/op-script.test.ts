// The directed op-level driver: lines run in script order, an op that waits on
// another txn (lock or spin) is reported blocked and finishes later, aborted
// txns skip their later ops, pauses park an op before a labelled step, bad
// scripts are refused with the line named, and runs are deterministic.
import { describe, expect, it } from "vitest";
import { validateEvent } from "../../../src/history/validate.js";
import type { Gen, Ports } from "../../../src/engine/ports.js";
import { checkScript, runOpScript, type ScriptLine } from "../../../src/harness/op-script.js";
import type { KvStore, KvTarget, KvTxn } from "../../../src/harness/target.js";
import { dirtyTarget, serialTarget } from "../toy-targets.js";
import { SETUP } from "./schedules.js";
import { siToyTarget } from "./si-toy.js";

const brief = (r: ReturnType<typeof runOpScript>) =>
  r.outcomes.map((o) => `${o.client}.${o.op}=${o.result}${o.value === undefined ? "" : `:${o.value}`}${o.blocked ? "!" : ""}`);

/** Begin spins (no block step) while another txn is open: a spin-wait the driver must still call blocked. */
function spinTarget(): KvTarget {
  let held = false;
  const data = new Map<string, string>();
  const store: KvStore = {
    session(p: Ports) {
      const none = (): never => {
        throw new Error("unused");
      };
      return {
        *begin(): Gen<KvTxn> {
          while (held) yield* p.sched.spin("spin.wait");
          held = true;
          return {
            id: p.tid,
            startTs: 1,
            *get(k) {
              yield* p.sched.point("spin.get");
              return data.get(k) ?? null;
            },
            *put(k, v) {
              yield* p.sched.point("spin.put");
              data.set(k, v);
            },
            del: none,
            *commit() {
              yield* p.sched.point("spin.commit");
              held = false;
              yield* p.sched.point("spin.commit");
              return 2;
            },
            *abort() {
              held = false;
            },
          };
        },
        get: none,
        put: none,
        del: none,
        cas: none,
      };
    },
  };
  return { name: "spin", visibility: "strict", *open(p) { yield* p.sched.point("spin.open"); return store; }, classify: () => undefined };
}

describe("op-script driver", () => {
  it("runs lines in script order against a store that never blocks", () => {
    const r = runOpScript({ target: dirtyTarget(), script: [...SETUP, ["T1", "begin"], ["T2", "begin"], ["T2", "w", "x", 5], ["T1", "r", "x"], ["T1", "commit"], ["T2", "commit"]] });
    expect(brief(r).slice(4)).toEqual(["T1.begin=ok", "T2.begin=ok", "T2.w=ok", "T1.r=read:5", "T1.commit=ok:5", "T2.commit=ok:6"]);
  });

  it("reports an op that waits on a lock as blocked; later lines run first and it finishes when the lock frees", () => {
    const script: ScriptLine[] = [...SETUP, ["T1", "begin"], ["T2", "begin"], ["T2", "r", "x"], ["T1", "w", "x", 11], ["T1", "commit"], ["T2", "commit"]];
    const r = runOpScript({ target: serialTarget(), script });
    expect(brief(r).slice(4)).toEqual(["T1.begin=ok", "T2.begin=ok!", "T2.r=read:11!", "T1.w=ok", "T1.commit=ok:2", "T2.commit=ok:3"]);
    // The history is in real order: T2's txn is invoked at its begin and completes after T1's.
    const events = r.history.filter((e) => e.process >= 0).map((e) => `${e.type} ${e.process}`);
    expect(events).toEqual(["invoke 0", "ok 0", "invoke 1", "invoke 2", "ok 1", "ok 2"]);
  });

  it("leaves an op blocked forever as blocked, and closes its txn as never committed", () => {
    const r = runOpScript({ target: serialTarget(), script: [["T1", "begin"], ["T2", "begin"], ["T2", "r", "x"], ["T2", "commit"]] });
    expect(r.run.end).toBe("done");
    expect(brief(r)).toEqual(["T1.begin=ok", "T2.begin=blocked!", "T2.r=blocked!", "T2.commit=blocked!"]);
    const closes = r.history.filter((e) => e.type !== "invoke").map((e) => [e.process, e.type, e.error]);
    expect(closes).toEqual([[0, "fail", "never committed"], [1, "fail", "never committed"]]);
  });

  it("calls a spin-wait blocked once it passes the op step budget", () => {
    const script: ScriptLine[] = [["T1", "begin"], ["T2", "begin"], ["T1", "w", "x", 1], ["T1", "commit"], ["T2", "r", "x"], ["T2", "commit"]];
    const r = runOpScript({ target: spinTarget(), script, opStepsMax: 50 });
    expect(brief(r)).toEqual(["T1.begin=ok", "T2.begin=ok!", "T1.w=ok", "T1.commit=ok:2", "T2.r=read:1", "T2.commit=ok:2"]);
  });

  it("skips the later ops of a txn the store aborted, naming the line", () => {
    const script: ScriptLine[] = [...SETUP, ["T1", "begin"], ["T2", "begin"], ["T1", "w", "x", 11], ["T2", "w", "x", 12], ["T2", "r", "y"], ["T1", "commit"], ["T2", "commit"]];
    const r = runOpScript({ target: siToyTarget(true), script });
    expect(brief(r).slice(4)).toEqual(["T1.begin=ok", "T2.begin=ok", "T1.w=ok", "T2.w=aborted", "T2.r=skipped", "T1.commit=ok:2", "T2.commit=skipped"]);
    expect(r.outcomes[7]!.reason).toBe("conflict");
    expect(r.outcomes[8]!.reason).toBe("the txn aborted at line 7");
    const t2 = r.history.filter((e) => e.process === 2);
    expect(t2.map((e) => [e.type, e.error])).toEqual([["invoke", undefined], ["fail", "conflict"]]);
  });

  it("parks an op just before a labelled step until its resume line", () => {
    // T2's begin takes its snapshot after the si-toy.begin point: parked there, it sees T1's commit.
    const base: ScriptLine[] = [...SETUP, ["T1", "begin"], ["T1", "w", "x", 11]];
    const tail: ScriptLine[] = [["T1", "commit"], ["T2", "resume"], ["T2", "r", "x"], ["T2", "commit"]];
    const parked = runOpScript({ target: siToyTarget(false), script: [...base, { op: ["T2", "begin"], pauseAt: "si-toy.begin" }, ...tail] });
    expect(brief(parked).slice(6)).toEqual(["T2.begin=ok", "T1.commit=ok:2", "T2.resume=ok", "T2.r=read:11", "T2.commit=ok:3"]);
    const missed = runOpScript({ target: siToyTarget(false), script: [...base, { op: ["T2", "begin"], pauseAt: "no.such.label" }, ...tail] });
    expect(brief(missed).slice(6)).toEqual(["T2.begin=ok", "T1.commit=ok:2", "T2.resume=skipped", "T2.r=read:10", "T2.commit=ok:3"]);
    expect(missed.outcomes[6]!.reason).toBe("never paused: too few steps labelled no.such.label");
  });

  it("parks before the nth step with the label", () => {
    // The lock is free after the first spin.commit step: parked before the second, T1 lets T2 begin.
    const script = (nth: number): ScriptLine[] => [["T1", "begin"], { op: ["T1", "commit"], pauseAt: "spin.commit", nth }, ["T2", "begin"], ["T1", "resume"], ["T2", "commit"]];
    expect(brief(runOpScript({ target: spinTarget(), script: script(2), opStepsMax: 50 }))).toEqual(["T1.begin=ok", "T1.commit=ok:2", "T2.begin=ok", "T1.resume=ok", "T2.commit=ok:2"]);
    expect(brief(runOpScript({ target: spinTarget(), script: script(1), opStepsMax: 50 }))).toEqual(["T1.begin=ok", "T1.commit=ok:2", "T2.begin=ok!", "T1.resume=ok", "T2.commit=ok:2"]);
  });

  it("records a valid Jepsen-style history with stamps, the same for the same seed", () => {
    const script: ScriptLine[] = [...SETUP, ["T1", "begin"], ["T1", "r", "x"], ["T1", "w", "y", 21], ["T1", "commit"]];
    const a = runOpScript({ target: siToyTarget(false), script, seed: 7n });
    const b = runOpScript({ target: siToyTarget(false), script, seed: 7n });
    expect(JSON.stringify(a.history)).toBe(JSON.stringify(b.history));
    expect(a.run.traceHash).toBe(b.run.traceHash);
    for (const e of a.history) expect(typeof validateEvent(JSON.parse(JSON.stringify(e)))).toBe("object");
    const t1 = a.history.filter((e) => e.process === 1);
    expect(t1.map((e) => [e.type, e.value, e.txn])).toEqual([
      ["invoke", [["r", "x", null], ["w", "y", 21]], undefined],
      ["ok", [["r", "x", 10], ["w", "y", 21]], { id: 2, start: 2, commit: 2 }],
    ]);
  });

  it("ends the run as a violation when the store throws an error it does not classify", () => {
    const target = dirtyTarget();
    const broken: KvTarget = { ...target, *open(p) { const s = yield* target.open(p); return { session: (q) => ({ ...s.session(q), *begin(): Gen<KvTxn> { yield* q.sched.point("broken.begin"); throw new Error("boom"); } }) }; } };
    const r = runOpScript({ target: broken, script: [["T1", "begin"], ["T1", "commit"]] });
    expect(r.run.end).toBe("violation");
    expect(r.run.violations.map((v) => v.kind)).toEqual(["uncaught-error"]);
    expect(brief(r)).toEqual(["T1.begin=blocked", "T1.commit=blocked"]);
  });

  it("does not let a daemon that never rests hide a blocked op", () => {
    const target = serialTarget();
    const busy: KvTarget = { ...target, *open(p) { const s = yield* target.open(p); return { ...s, *background(q: Ports) { for (;;) yield* q.sched.point("busy.daemon"); } }; } };
    const r = runOpScript({ target: busy, script: [["T1", "begin"], ["T2", "begin"], ["T1", "commit"], ["T2", "commit"]], opStepsMax: 100 });
    expect(r.run.end).toBe("done");
    expect(brief(r)).toEqual(["T1.begin=ok", "T2.begin=ok!", "T1.commit=ok:1", "T2.commit=ok:2"]);
  });

  it("refuses a script that cannot run, naming the line", () => {
    expect(() => checkScript([["T1", "r", "x"]])).toThrow("op-script line 0 (T1 r): no open txn (begin first)");
    expect(() => checkScript([["T1", "begin"], ["T1", "begin"]])).toThrow("op-script line 1 (T1 begin): begin while a txn of this client is open");
    expect(() => checkScript([["T1", "begin"], ["T1", "resume"]])).toThrow("line 1 (T1 resume): resume without a pausing op");
    expect(() => checkScript([{ op: ["T1", "begin"], pauseAt: "x" }, ["T1", "commit"]])).toThrow('line 1 (T1 commit): expected ["T1", "resume"]');
    expect(() => checkScript([{ op: ["T1", "begin"], pauseAt: "x" }])).toThrow("T1 pauses but never resumes");
    expect(() => checkScript([...SETUP, ["T1", "begin"], ["T1", "abort"]])).not.toThrow();
  });
});
