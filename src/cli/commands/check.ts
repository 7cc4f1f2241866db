// `mvsim check <history>`: reads a history (mvsim JSON Lines or Jepsen EDN),
// runs the checkers it calls for and prints verdicts with evidence.
// Exit: 0 valid, 1 violation, 3 unknown, 2 unreadable input or bad usage.
import { readFile } from "node:fs/promises";
import { availableParallelism, totalmem } from "node:os";
import { combineVerdicts } from "../../history/verdict.js";
import { CHECK_MODELS, type CheckModel, planCheckers, runPlanAsync } from "../../check/check-plan.js";
import { readHistory } from "../../history/read-history.js";
import { resultLines } from "../../check/result-text.js";
import { INITIAL_STATES, type InitialState } from "../../check/graph/inference.js";
import { flag, has, intFlag, parseArgs, UsageError } from "../args.js";
import { writeCheckOut } from "../check-out.js";
import { EXIT, type Command, type Io } from "../command.js";

const HELP = [
  "usage: mvsim check <history> [--model MODEL] [--format jsonl|edn] [options]",
  "",
  "Checks a recorded history (mvsim history v1 JSON Lines, or a Jepsen-style",
  "EDN history with one map per line) and prints each checker's verdict, and",
  "for each violation: its kind, the property it breaks, the history step and",
  "processes involved, the models it rules out, an explanation and the smallest",
  "sub-history that still shows it.",
  "",
  "Checkers run:",
  "  --model linearizable   single-key read/write/cas/append ops (and txn writes as",
  "                         atomic writes): Wing-Gong-Lowe search per key; budget",
  "                         counted in states explored. Also run for any model",
  "                         when the history has single-key ops.",
  "  --model read-committed | snapshot-isolation | serializable | strict-serializable",
  "          | strong-session-snapshot-isolation | strong-snapshot-isolation",
  "          | strong-session-serializable",
  "                         transactions: the black-box dependency-graph checker",
  "                         (Elle-style cycles: G0, G1a-c, G-single, G2-item ...);",
  "                         strong-session-* add process-order edges (anomalies",
  "                         named -process), strict-serializable and",
  "                         strong-snapshot-isolation real-time edges (-realtime)",
  "  always, when txn events carry start/commit stamps: white-box snapshot",
  "    isolation (reads vs the MVCC reference, first-committer-wins)",
  "  when the events exist: reclamation (use-after-free, gc-drop, memory),",
  "    durability (power-loss), liveness (faults-stop)",
  "Without --model: snapshot-isolation if the history has txns, else linearizable.",
  "",
  "Options:",
  `  --model M                one of ${CHECK_MODELS.join(", ")}`,
  "  --format F               jsonl or edn (default: from the extension, .edn = edn)",
  "  --max-states N           linearizability budget per key (default 1000000);",
  "                           exhausted = verdict unknown",
  "  --max-memory SIZE        bytes a key's search memo may hold, counted on its own",
  "                           arrays (not the host heap): N, NKB, NMB or NGB (default a",
  "                           quarter of this machine's memory, at most 2GB); spent =",
  "                           verdict unknown",
  "  --all-keys               check every key and report each illegal one (default: stop",
  "                           at the first illegal key, smallest key first)",
  "  --workers N              threads checking linearizability keys (default: up to 4",
  "                           on a history of 200000 events or more, else 1); the",
  "                           result is the same for any N",
  "  --minimize               shrink a violation to its smallest sub-history whatever it",
  "                           costs (default: the shrink spends at most the states of the",
  "                           search that found it)",
  "  --liveness-bound-us N    simulated µs an op may take after faults stop (default 10000000)",
  "  --garbage-versions-max N garbage versions tolerated at the end of a quiet run (default 64)",
  "  --visibility V           strict (commit < snapshot) or inclusive (commit <= snapshot);",
  "                           default: the history header's (mvsim writes one), else strict",
  "  --session-order          white-box SI also requires each process to see its own commits",
  "  --process-order          dependency graph: add process-order edges for any model",
  "                           (cycles through them are named -process and rule out",
  "                           only the strong-session and strict models)",
  "  --initial-state S        garbage (default) or initial: what a register read of a",
  "                           value no txn wrote means: a garbage-read, or the key's",
  "                           initial state, ordered before every write",
  "  --max-violations N       violations printed per checker (default 5)",
  "  --json                   print the results as one JSON document instead of text",
  "  --out DIR                also write report.json, summary.md, junit.xml and a",
  "                           self-contained index.html (timeline, cycles drawn,",
  "                           partial linearizations) into DIR",
  "",
  "Before any checker runs the history is validated: UTF-8, each event's fields,",
  "each completion paired with its process's invoke (same f, keys, written values),",
  "indexes increasing, nesting at most 1000 deep, no duplicate keys, not empty.",
  "",
  "Exit status: 0 valid, 1 violation, 3 unknown (a state budget ran out),",
  "2 invalid or unreadable input (one line: file, line and what is wrong) or bad usage.",
  "",
  "Example: mvsim check run.jsonl --model serializable",
].join("\n");

const SPEC = {
  model: { type: "string" },
  format: { type: "string" },
  "max-states": { type: "string" },
  "max-memory": { type: "string" },
  "all-keys": { type: "boolean" },
  minimize: { type: "boolean" },
  workers: { type: "string" },
  "liveness-bound-us": { type: "string" },
  "garbage-versions-max": { type: "string" },
  visibility: { type: "string" },
  "session-order": { type: "boolean" },
  "process-order": { type: "boolean" },
  "initial-state": { type: "string" },
  "max-violations": { type: "string" },
  json: { type: "boolean" },
  out: { type: "string" },
} as const;

async function run(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, SPEC);
  if (args.positionals.length !== 1) throw new UsageError(`expects one history file, got ${args.positionals.length}`);
  const file = args.positionals[0]!;
  const model = flag(args, "model");
  if (model !== undefined && !CHECK_MODELS.includes(model as CheckModel)) throw new UsageError(`--model expects one of ${CHECK_MODELS.join(", ")}, got "${model}"`);
  const format = flag(args, "format") ?? (file.toLowerCase().endsWith(".edn") ? "edn" : "jsonl");
  if (format !== "jsonl" && format !== "edn") throw new UsageError(`--format expects jsonl or edn, got "${format}"`);
  const visibilityFlag = flag(args, "visibility");
  if (visibilityFlag !== undefined && visibilityFlag !== "strict" && visibilityFlag !== "inclusive") throw new UsageError(`--visibility expects strict or inclusive, got "${visibilityFlag}"`);
  const initialState = flag(args, "initial-state") ?? "garbage";
  if (!INITIAL_STATES.includes(initialState as InitialState)) throw new UsageError(`--initial-state expects ${INITIAL_STATES.join(" or ")}, got "${initialState}"`);
  const maxStates = intFlag(args, "max-states", 1_000_000, 1);
  const maxMemoryBytes = bytesFlag(flag(args, "max-memory"));
  const boundUs = intFlag(args, "liveness-bound-us", 10_000_000, 1);
  const garbage = intFlag(args, "garbage-versions-max", 64);
  const maxViolations = intFlag(args, "max-violations", 5);

  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    io.err(`mvsim check: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT.usage;
  }
  const parsed = readHistory(bytes, file, format);
  if (!parsed.ok) {
    io.err(`mvsim check: ${parsed.error}`);
    return EXIT.usage;
  }
  // A flag overrides; else the rule the history's producer declared in its header.
  const visibility = visibilityFlag ?? parsed.meta?.visibility ?? "strict";
  const visibilityFrom = visibilityFlag !== undefined ? "flag" : parsed.meta?.visibility !== undefined ? "header" : "default";
  const plan = planCheckers(parsed.events, {
    ...(model === undefined ? {} : { model: model as CheckModel }),
    maxStatesPerKey: maxStates,
    linearizability: { maxMemoryBytes, allKeys: has(args, "all-keys"), minimize: has(args, "minimize") },
    livenessBoundUs: boundUs,
    garbageVersionsMax: garbage,
    visibility,
    sessionOrder: has(args, "session-order"),
    processOrder: has(args, "process-order"),
    initialState: initialState as InitialState,
  });
  const workers = intFlag(args, "workers", parsed.events.length >= 200_000 ? Math.min(4, availableParallelism()) : 1, 1);
  const results = await runPlanAsync(plan, parsed.events, { linearizabilityWorkers: workers });
  const verdict = combineVerdicts(results.map((r) => r.verdict));
  const out = flag(args, "out");
  if (out !== undefined && !(await writeCheckOut(io, out, { argv, file, format, model: plan.model, events: parsed.events, verdict, results, skipped: plan.skipped }))) return EXIT.usage;
  if (has(args, "json")) {
    io.out(JSON.stringify({ file, model: plan.model, events: parsed.events.length, visibility, visibilityFrom, ...(parsed.meta ? { header: parsed.meta } : {}), verdict, results, skipped: plan.skipped }));
  } else {
    io.out(`${file}: ${parsed.events.length} events, model ${plan.model}`);
    if (visibilityFrom === "header") io.out(`visibility ${visibility}, from the history header (--visibility overrides)`);
    for (const line of resultLines(results, { maxViolations })) io.out(line);
    for (const why of plan.skipped) io.out(`not run: ${why}`);
    io.out(`verdict: ${verdict}`);
  }
  return verdict === "ok" ? EXIT.ok : verdict === "violation" ? EXIT.violation : EXIT.unknown;
}

/** `--max-memory`: bytes, or a number with KB, MB or GB (powers of 1024); absent = a quarter of the machine, at most 2 GiB. */
function bytesFlag(raw: string | undefined): number {
  // Capped at 2 GiB: the interned states live on the JS heap, which has its own ceiling.
  if (raw === undefined) return Math.min(Math.floor(totalmem() / 4), 2 * 1024 ** 3);
  const m = /^(\d+)(KB|MB|GB)?$/i.exec(raw);
  const n = m ? Number(m[1]) * 1024 ** ["", "KB", "MB", "GB"].indexOf((m[2] ?? "").toUpperCase()) : 0;
  if (!(n >= 1)) throw new UsageError(`--max-memory expects bytes as N, NKB, NMB or NGB (N >= 1), got "${raw}"`);
  return n;
}

export const checkCommand: Command = { name: "check", summary: "check a history file for isolation, linearizability, durability and more", help: HELP, run };
