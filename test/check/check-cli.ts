// `mvsim check` as the tests drive it: histories written to a temp folder,
// and the command run in-process with its output lines collected.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkCommand } from "../../src/cli/commands/check.js";

/** The temp folder the history files go in (tests name other files in it too). */
export const historyDir = mkdtempSync(join(tmpdir(), "mvsim-check-"));
const dir = historyDir;
let n = 0;

/** A fresh history file holding `content`. */
export function historyFile(content: string | Uint8Array, ext = ".jsonl"): string {
  const p = join(dir, `h${n++}${ext}`);
  writeFileSync(p, content);
  return p;
}

/** Runs `mvsim check argv...`; stdout and stderr lines joined by newlines. */
export async function runCheck(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await checkCommand.run(argv, { out: (l) => out.push(l), err: (l) => err.push(l), tty: false });
  return { code, out: out.join("\n"), err: err.join("\n") };
}
