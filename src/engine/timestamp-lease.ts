// The durable bound on handed-out timestamps. A snapshot may be taken at a
// commit ts that is allocated but never becomes durable; after a power loss the
// HLC must restart above it, or a new commit lands inside a snapshot that was
// already read. Like a TSO window (or CockroachDB's persisted wall-time upper
// bound): before the HLC passes the ceiling, the allocator persists a new one.
// Contract: persist(c) returns only once c is durable; recovery starts the HLC
// at or above the last ceiling persisted.
import type { Gen, Ports } from "./ports.js";

export interface TimestampLease {
  /** Makes `ceiling` durable; called under the writer lock, so never concurrently. */
  persist(ports: Ports, ceiling: number): Gen<void>;
}

/** How far past the next ts a new ceiling reaches: one second of physical time. */
export function leaseWindow(logicalBits: number): number {
  return 1000 * 2 ** logicalBits;
}
