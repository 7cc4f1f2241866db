// A compact text form of a schedule (the scheduler's decision list: the tid
// that ran at each step), run-length encoded: "s1:0x3.1.0x2" is tids
// 0,0,0,1,0,0. Runs are separated by ".", a run of one tid is the tid alone,
// a longer run is <tid>x<count> (decimal). "s1:" names the format version.
// Contract: decodeSchedule(encodeSchedule(d)) deep-equals d for every list of
// non-negative integer tids; bad text gives an error string, never a throw.

export const SCHEDULE_PREFIX = "s1:";

export function encodeSchedule(decisions: readonly number[]): string {
  const runs: string[] = [];
  let i = 0;
  while (i < decisions.length) {
    const tid = decisions[i]!;
    if (!Number.isInteger(tid) || tid < 0) throw new Error(`encodeSchedule: decision ${i} is not a tid: ${tid}`);
    let j = i + 1;
    while (j < decisions.length && decisions[j] === tid) j++;
    runs.push(j - i === 1 ? `${tid}` : `${tid}x${j - i}`);
    i = j;
  }
  return SCHEDULE_PREFIX + runs.join(".");
}

export type ScheduleDecode = { readonly ok: true; readonly decisions: number[] } | { readonly ok: false; readonly error: string };

/** Decodes a schedule string; surrounding whitespace (a trailing newline in a file) is ignored. */
export function decodeSchedule(text: string): ScheduleDecode {
  const t = text.trim();
  if (!t.startsWith(SCHEDULE_PREFIX)) return { ok: false, error: `a schedule starts with "${SCHEDULE_PREFIX}", got "${t.slice(0, 12)}"` };
  const body = t.slice(SCHEDULE_PREFIX.length);
  const decisions: number[] = [];
  if (body === "") return { ok: true, decisions };
  const runs = body.split(".");
  for (let r = 0; r < runs.length; r++) {
    const m = /^(0|[1-9][0-9]*)(?:x([1-9][0-9]*))?$/.exec(runs[r]!);
    if (!m) return { ok: false, error: `schedule run ${r + 1}: expected <tid> or <tid>x<count>, got "${runs[r]}"` };
    const tid = Number(m[1]);
    const count = m[2] === undefined ? 1 : Number(m[2]);
    if (!Number.isSafeInteger(tid) || !Number.isSafeInteger(count) || decisions.length + count > 100_000_000) {
      return { ok: false, error: `schedule run ${r + 1}: "${runs[r]}" is too large` };
    }
    for (let k = 0; k < count; k++) decisions.push(tid);
  }
  return { ok: true, decisions };
}
