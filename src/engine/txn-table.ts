// The transaction table in the arena: txn id → record (owner, state + commit
// ts in one 64-bit word, start ts, write log of version pointers), so any
// process can tell the state of any transaction, also of a dead one.
// Contract: the state word flips ACTIVE → COMMITTING → COMMITTED (or ABORTED)
// in single stores; a record is freed only after every version in its write
// log carries a stamp, so a reader that finds a record reused re-reads the stamp.
import type { EngineCtx } from "./context.js";
import { CapacityError } from "./errors.js";
import {
  H,
  TX,
  TXN_ACTIVE,
  TXN_FREE,
  packState,
  stateOf,
  tsOf,
  txnRecordAddr,
  type TxnStateCode,
} from "./layout.js";
import type { Gen, Ports } from "./ports.js";

export interface TxnRecordRef {
  readonly id: number;
  readonly addr: number;
}

/** How many fresh ids begin tries before it reports the table full. */
const CLAIM_TRIES = 4;

export function* claimTxnRecord(ctx: EngineCtx, ports: Ports, startTs: number): Gen<TxnRecordRef> {
  const { mem } = ports;
  for (let t = 0; t < CLAIM_TRIES; t++) {
    const id = (yield* mem.add(H.txnCounter, 1, "txn.new-id")) + 1;
    const addr = txnRecordAddr(ctx.layout, id);
    if ((yield* mem.cas(addr + TX.id, 0, id, "txn.claim-record")) !== 0) continue;
    yield* mem.store(addr + TX.ownerTid, ports.tid, "txn.set-owner-tid");
    yield* mem.store64(addr + TX.startTs, startTs, "txn.set-start");
    yield* mem.store(addr + TX.writeCount, 0, "txn.clear-writes");
    yield* mem.store64(addr + TX.state, packState(TXN_ACTIVE, 0), "txn.set-active");
    // Owner last: recovery ignores a record without an owner (still being claimed).
    yield* mem.store(addr + TX.ownerPid, ports.pid, "txn.set-owner");
    return { id, addr };
  }
  throw new CapacityError("txn table", `${ctx.layout.txnSlotCount} records, all busy`);
}

export interface TxnView {
  readonly state: TxnStateCode;
  readonly ts: number;
  /** The raw state word (to wait on it). */
  readonly word: number;
}

/** The state of `txnId`, or "gone" when its record was freed (its versions are stamped). */
export function* resolveTxn(ctx: EngineCtx, ports: Ports, txnId: number): Gen<TxnView | "gone"> {
  const { mem } = ports;
  const addr = txnRecordAddr(ctx.layout, txnId);
  if ((yield* mem.load(addr + TX.id, "txn.resolve-id")) !== txnId) return "gone";
  const word = yield* mem.load64(addr + TX.state, "txn.resolve-state");
  // Re-check the id: the state read must belong to this txn, not a successor.
  if ((yield* mem.load(addr + TX.id, "txn.resolve-recheck")) !== txnId) return "gone";
  const state = stateOf(word);
  // FREE: the owner finished and stamped its versions, only the id is not yet cleared.
  if (state === TXN_FREE) return "gone";
  return { state, ts: tsOf(word), word };
}

export function* ownerOfTxn(ctx: EngineCtx, ports: Ports, txnId: number): Gen<number> {
  return yield* ports.mem.load(txnRecordAddr(ctx.layout, txnId) + TX.ownerPid, "txn.owner");
}

/** Waits (bounded) for the state word to change from `word`. */
export function* waitTxnChange(ctx: EngineCtx, ports: Ports, txnId: number, word: number): Gen<void> {
  const addr = txnRecordAddr(ctx.layout, txnId) + TX.state;
  yield* ports.mem.wait(addr, word | 0, 500, "txn.wait-resolution");
}

export function* setTxnState(ports: Ports, rec: TxnRecordRef, state: TxnStateCode, ts: number, label: string): Gen<void> {
  yield* ports.mem.store64(rec.addr + TX.state, packState(state, ts), label);
  yield* ports.mem.notify(rec.addr + TX.state);
}

/** Logs a version pointer before it is published, so recovery can stamp it. */
export function* logWrite(ctx: EngineCtx, ports: Ports, rec: TxnRecordRef, index: number, version: number, key: string): Gen<void> {
  if (index >= ctx.layout.txnMaxWrites) {
    throw new CapacityError("txn write log", `txn ${rec.id} writes more than ${ctx.layout.txnMaxWrites} keys (at "${key}")`);
  }
  yield* ports.mem.store(rec.addr + TX.writes + index, version, "txn.log-write");
  yield* ports.mem.store(rec.addr + TX.writeCount, index + 1, "txn.log-count");
}

/** Drops the last logged write (its version was never published and is freed). */
export function* unlogWrite(ports: Ports, rec: TxnRecordRef, index: number): Gen<void> {
  yield* ports.mem.store(rec.addr + TX.writeCount, index, "txn.unlog-write");
}

export function* loggedWrites(ports: Ports, recAddr: number): Gen<number[]> {
  const n = yield* ports.mem.load(recAddr + TX.writeCount, "txn.read-log-count");
  if (n <= 0) return [];
  return Array.from(yield* ports.mem.read(recAddr + TX.writes, n, "txn.read-log"));
}

/** Frees a finished record whose versions all carry stamps. */
export function* freeTxnRecord(ports: Ports, recAddr: number, label: string): Gen<void> {
  const { mem } = ports;
  yield* mem.store(recAddr + TX.ownerPid, 0, `${label}.owner`);
  yield* mem.store64(recAddr + TX.state, 0, `${label}.state`);
  yield* mem.store(recAddr + TX.id, 0, label);
}
