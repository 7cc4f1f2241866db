// Typed errors the engine hands to its callers. Each carries the context a
// person needs (which key, which txn, which structure) in a one-line message.
// Contract: a CapacityError or ConflictError leaves the shared state intact.
import type { EnginePromise } from "./bugs.js";

/** A fixed-size structure is full: the caller gets this, never corruption. */
export class CapacityError extends Error {
  override readonly name = "CapacityError";
  constructor(readonly structure: string, readonly detail: string) {
    super(`engine capacity: ${structure} is full (${detail})`);
  }
}

/**
 * First-committer-wins: another transaction wrote this key first; abort and retry.
 * An expected outcome under contention, built without a stack trace (capturing
 * one was ~2% of a contended run); the message names key, txn and reason.
 */
export class ConflictError extends Error {
  readonly key: string;
  readonly txn: number;
  readonly reason: string;
  override readonly name = "ConflictError";
  // No parameter properties and no try around super(): some transpilers
  // (oxc, under vitest) move parameter-property writes before the code that
  // precedes super(), which throws.
  constructor(key: string, txn: number, reason: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(`write conflict on key "${key}" in txn ${txn}: ${reason}`);
    Error.stackTraceLimit = limit;
    this.key = key;
    this.txn = txn;
    this.reason = reason;
  }
}

/** The transaction is no longer usable (committed, aborted, or doomed by a conflict). */
export class TxnStateError extends Error {
  override readonly name = "TxnStateError";
  constructor(readonly txn: number, readonly state: string, readonly op: string) {
    super(`txn ${txn}: cannot ${op}, it is ${state}`);
  }
}

/** An internal invariant the engine asserts about itself broke (a bug, never expected). */
export class EngineInvariantError extends Error {
  override readonly name = "EngineInvariantError";
  /** `breaks`: the promise the invariant upholds; the harness reports the failure under it. */
  constructor(readonly invariant: string, readonly detail: string, readonly breaks: EnginePromise) {
    super(`engine invariant "${invariant}" broken: ${detail}`);
  }
}

/** open() found an arena that is not an engine arena, or one of another shape. */
export class ArenaFormatError extends Error {
  override readonly name = "ArenaFormatError";
  constructor(readonly field: string, readonly expected: string, readonly found: number) {
    super(`engine arena header: field ${field} expected ${expected}, found ${found}`);
  }
}
