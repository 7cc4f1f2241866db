// Progress of a long run for a person watching: seeds done of total, seeds per
// second, violations, unknowns and an estimate of the time left. On a terminal
// one line is redrawn in place (at most every redrawEveryMs); without one (CI)
// a plain line is printed every lineEveryMs. Wall time is read here and only
// here shown: it never enters results, verdicts or hashes.
// Contract: output only through the sink; finish() ends with a newline.
import type { Verdict } from "../history/verdict.js";

export interface ProgressSink {
  /** Raw text, no newline added (the CLI passes process.stderr.write). */
  write(text: string): void;
  readonly tty: boolean;
}

export interface ProgressOptions {
  readonly total: number;
  /** Shown first, e.g. "gate" or a scenario name. */
  readonly label?: string;
  /** Wall clock in ms; defaults to performance.now. */
  readonly nowMs?: () => number;
  readonly redrawEveryMs?: number;
  readonly lineEveryMs?: number;
}

export interface ProgressCounts {
  readonly done: number;
  readonly total: number;
  readonly violations: number;
  readonly unknown: number;
}

/** "3.2s", "42s", "1m05s", "2h03m": a short duration for people. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (ms < 10_000) return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** The progress line for counts after `elapsedMs` of wall time. */
export function progressLine(label: string, c: ProgressCounts, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (c.done * 1000) / elapsedMs : 0;
  const left = rate > 0 ? ((c.total - c.done) / rate) * 1000 : undefined;
  const parts = [
    `${label}${label ? ": " : ""}${c.done}/${c.total} seeds`,
    `${rate >= 100 ? rate.toFixed(0) : rate.toFixed(1)} seeds/s`,
    `${c.violations} violation${c.violations === 1 ? "" : "s"}`,
    ...(c.unknown > 0 ? [`${c.unknown} unknown`] : []),
    c.done >= c.total ? `done in ${formatDuration(elapsedMs)}` : left === undefined ? "time left: ?" : `~${formatDuration(left)} left`,
  ];
  return parts.join(" · ");
}

export class Progress {
  private done = 0;
  private violations = 0;
  private unknown = 0;
  private readonly startMs: number;
  private lastDrawMs = -Infinity;
  private drawn = false;
  private readonly now: () => number;

  constructor(
    private readonly sink: ProgressSink,
    private readonly options: ProgressOptions,
  ) {
    this.now = options.nowMs ?? (() => performance.now());
    this.startMs = this.now();
    // A CI log shows the start at once, so a hung run is visibly hung.
    if (!sink.tty) this.emit(this.startMs);
  }

  counts(): ProgressCounts {
    return { done: this.done, total: this.options.total, violations: this.violations, unknown: this.unknown };
  }

  seedDone(verdict: Verdict): void {
    this.done++;
    if (verdict === "violation") this.violations++;
    else if (verdict === "unknown") this.unknown++;
    const t = this.now();
    const every = this.sink.tty ? (this.options.redrawEveryMs ?? 100) : (this.options.lineEveryMs ?? 5000);
    if (t - this.lastDrawMs >= every) this.emit(t);
  }

  /** Draws the final state and ends the line. */
  finish(): void {
    this.emit(this.now());
    if (this.sink.tty) this.sink.write("\n");
  }

  private emit(t: number): void {
    this.lastDrawMs = t;
    const line = progressLine(this.options.label ?? "", this.counts(), t - this.startMs);
    if (this.sink.tty) {
      this.sink.write(`\r${line}\x1b[K`);
      this.drawn = true;
    } else {
      this.sink.write(`${line}\n`);
    }
  }

  /** True once a TTY line was drawn (callers print a newline before other output). */
  get hasDrawn(): boolean {
    return this.drawn;
  }
}
