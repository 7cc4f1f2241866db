// The engine's bug switches (../shared/ENGINE.md "Known bugs") and the property
// each one breaks, which is what its bug scenario expects to find.
// Contract: hard-coded here only until src/engine/bugs.ts exports the names;
// then BUG_NAMES should be imported from there and this table checked against it.
import type { Property } from "../sim/verdict.js";

export const BUG_PROPERTIES = {
  "ww-check-toctou": "write-conflict",
  "fractured-commit": "atomic-visibility",
  "hp-protect-after-load": "reclamation",
  "reader-slot-publish-race": "reclamation",
  "gc-drops-visible-version": "reclamation",
  "hlc-logical-saturation": "snapshot-isolation",
  "writer-lock-reentrant-pid": "write-conflict",
  "writer-lock-dead-owner": "liveness",
  "wal-apply-error-swallowed": "linearizability",
  "commit-ack-before-fsync": "durability",
  "torn-wal-tail-accepted": "durability",
  "dirty-try-send-drop": "durability",
} as const satisfies Record<string, Property>;

export type BugName = keyof typeof BUG_PROPERTIES;

export const BUG_NAMES: readonly BugName[] = Object.keys(BUG_PROPERTIES).sort() as BugName[];

export function isBugName(name: string): name is BugName {
  return Object.prototype.hasOwnProperty.call(BUG_PROPERTIES, name);
}
