// When a version committed at `commit` is visible to a snapshot taken at `snapshot`.
// "strict" (commit < snapshot) follows the engine seeds (001 `is_visible`);
// "inclusive" (commit <= snapshot) suits systems that read at their own commit ts.

export type Visibility = "strict" | "inclusive";

export function visibleAt(commit: number, snapshot: number, mode: Visibility): boolean {
  return mode === "strict" ? commit < snapshot : commit <= snapshot;
}
