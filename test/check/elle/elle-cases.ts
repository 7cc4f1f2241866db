// Known answers from Elle's own test suite (jepsen-io/elle, test/elle/
// list_append_test.clj and rw_register_test.clj), re-encoded as our fixtures:
// each case names the Elle test it comes from, the history in Elle's
// shorthand, the anomalies Elle finds and the models Elle's answer rules out.
// Elle's names map to ours: G-single-item → G-single, G-nonadjacent-item →
// G-nonadjacent; Elle's empty-transaction-graph is not an anomaly here.
import type { ConsistencyModel } from "../../../src/check/graph/index.js";
import type { InitialState } from "../../../src/check/graph/inference.js";
import type { TxnSpec } from "./elle-history.js";

const RC: ConsistencyModel = "read-committed";
const SI: ConsistencyModel = "snapshot-isolation";
const SSSI: ConsistencyModel = "strong-session-snapshot-isolation";
const SSI: ConsistencyModel = "strong-snapshot-isolation";
const SER: ConsistencyModel = "serializable";
const SSSER: ConsistencyModel = "strong-session-serializable";
const STRICT: ConsistencyModel = "strict-serializable";

export const ALL_MODELS: readonly ConsistencyModel[] = [RC, SI, SSSI, SSI, SER, SSSER, STRICT];
/** Ruled out by G-single, G-nonadjacent, internal, lost-update. */
const SI_UP = [SI, SSSI, SSI, SER, SSSER, STRICT];
/** Ruled out by G2-item. */
const SER_UP = [SER, SSSER, STRICT];
/** Ruled out by a -process cycle (G-single-process, G1c-process ...). */
const PROCESS_UP = [SSSI, SSI, SSSER, STRICT];
/** Ruled out by G-single-realtime. */
const REALTIME_SI = [SSI, STRICT];

export interface ElleCase {
  /** Elle's file and test (and testing) name. */
  readonly elle: string;
  readonly kind: "list" | "register";
  readonly txns: readonly TxnSpec[];
  /** Event order in Elle's notation; default: all invokes, then all completions. */
  readonly order?: string;
  /** The model Elle's test asks for; `anomalies` are what is found under it. */
  readonly model: ConsistencyModel;
  /** Exactly the anomalies found (when given). */
  readonly anomalies?: readonly string[];
  /** Anomalies that must be among those found / must not be. */
  readonly contains?: readonly string[];
  readonly lacks?: readonly string[];
  /** Models whose verdict is violation; every other model asserted is ok. */
  readonly ruledOut?: readonly ConsistencyModel[];
  /** Models asserted (default all seven). */
  readonly only?: readonly ConsistencyModel[];
  readonly initialState?: InitialState;
  /** Why this case reads as it does, where Elle's options differ from ours. */
  readonly note?: string;
}

const ok = (ops: string, p?: number): TxnSpec => (p === undefined ? { ops } : { ops, p });
const fail = (ops: string, p?: number): TxnSpec => (p === undefined ? { ops, type: "fail" } : { ops, type: "fail", p });
const info = (ops: string): TxnSpec => ({ ops, type: "info" });
const SEQ2 = "t1 t1' t2 t2'";
const SEQ4 = "t1 t1' t2 t2' t3 t3' t4 t4'";

export const LIST_APPEND_CASES: readonly ElleCase[] = [
  { elle: "list_append checker-test G0", kind: "list", txns: [ok("ax1ay1"), ok("ax2ay2"), ok("rx12ry21")], model: RC, anomalies: ["G0"], ruledOut: ALL_MODELS },
  { elle: "list_append checker-test G1a", kind: "list", txns: [fail("ax1"), ok("rx1")], model: RC, anomalies: ["G1a"], ruledOut: ALL_MODELS },
  { elle: "list_append checker-test G1c", kind: "list", txns: [ok("ax1ry1"), ok("ax2ay1"), ok("rx12ry1")], model: RC, anomalies: ["G1c"], ruledOut: ALL_MODELS },
  {
    elle: "list_append checker-test Strong SI violation",
    kind: "list",
    txns: [ok("ax1", 0), ok("ax2", 1), ok("rx1", 2), ok("rx12", 3)],
    order: SEQ4,
    model: STRICT,
    anomalies: ["G-single-realtime"],
    ruledOut: REALTIME_SI,
  },
  {
    elle: "list_append checker-test Strong Session SI violation",
    kind: "list",
    txns: [ok("ax1", 0), ok("ax2", 1), ok("rx1", 1), ok("rx12", 2)],
    order: SEQ4,
    model: SSSI,
    anomalies: ["G-single-process"],
    ruledOut: PROCESS_UP,
  },
  {
    elle: "list_append checker-test contradictory read orders",
    kind: "list",
    txns: [ok("ax1ry1"), ok("ax2"), ok("ax3ay1"), ok("rx13"), ok("rx123")],
    model: RC,
    anomalies: ["G1c", "incompatible-order"],
    ruledOut: ALL_MODELS,
  },
  {
    elle: "list_append checker-test dirty update direct",
    kind: "list",
    txns: [fail("ax1"), ok("ax2"), ok("rx12")],
    model: RC,
    anomalies: ["G1a", "dirty-update"],
    ruledOut: ALL_MODELS,
    note: "Elle's test asks for dirty-update alone; its g1a-cases also flags the read of the failed 1",
  },
  {
    elle: "list_append checker-test dirty update indirect",
    kind: "list",
    txns: [fail("ax1"), info("ax2"), ok("ax3"), ok("rx123")],
    model: RC,
    anomalies: ["G1a", "dirty-update"],
    ruledOut: ALL_MODELS,
  },
  {
    elle: "list_append checker-test duplicated elements (read-committed)",
    kind: "list",
    txns: [ok("ax1ry1"), ok("ax2ay1"), ok("rx121")],
    model: RC,
    contains: ["G1c", "duplicate-elements"],
    ruledOut: ALL_MODELS,
    note: "Elle's comment: under stronger models it also calls the [1 2 1] read a G-single; it asserts only read-committed",
  },
  {
    elle: "list_append checker-test internal consistency violation",
    kind: "list",
    txns: [ok("ax1ax2ax4"), ok("ax3rx1234")],
    model: SER,
    contains: ["G0", "internal"],
    ruledOut: ALL_MODELS,
    note: "Elle: 'There's a G0 here too' (x = 1 2 | 3 | 4 alternates writers); ours also says G1b, see the report",
  },
  {
    elle: "list_append G-nonadjacent-test (first history)",
    kind: "list",
    txns: [ok("ax1", 0), ok("rx1ry", 0), ok("ay1", 0), ok("ry1rx", 0)],
    order: SEQ4,
    model: SER,
    anomalies: ["G-nonadjacent"],
    ruledOut: SI_UP,
  },
  {
    elle: "list_append G-nonadjacent-test (rw rw wr rw wr is no G-nonadjacent)",
    kind: "list",
    txns: [ok("rx5ay1"), ok("ryaz2"), ok("rzat3"), ok("rt3au4"), ok("ruax5")],
    model: SI,
    anomalies: [],
    ruledOut: [],
    only: [RC, SI, SER],
  },
  {
    elle: "list_append lost-update-test one txn, double write",
    kind: "list",
    txns: [ok("rxax1ax2", 0), ok("rx12", 0)],
    order: SEQ2,
    model: STRICT,
    anomalies: [],
    ruledOut: [],
  },
  {
    elle: "list_append wr-process-test (elle#21)",
    kind: "list",
    txns: [ok("rx1ay1", 1), ok("ry1", 2), ok("ax1", 2)],
    order: "t1 t1' t2 t2' t3 t3'",
    model: SSSI,
    anomalies: ["G1c-process"],
    ruledOut: PROCESS_UP,
  },
  { elle: "list_append future-read-test", kind: "list", txns: [ok("rx1ax1", 0)], model: RC, anomalies: ["future-read"], ruledOut: ALL_MODELS },
  {
    elle: "list_append graph-test G2: anti-dependency cycle",
    kind: "list",
    txns: [ok("rxay1"), ok("ryax1"), ok("rx1ry1")],
    model: SER,
    anomalies: ["G2-item"],
    ruledOut: SER_UP,
  },
  {
    elle: "list_append graph-test info reads (an info's nil read orders nothing)",
    kind: "list",
    txns: [info("ax2ry"), ok("ax1ay1"), ok("rx12ry1")],
    model: SER,
    anomalies: [],
    ruledOut: [],
  },
  {
    elle: "list_append graph-test serializable figure 3 from Adya, Liskov, O'Neil",
    kind: "list",
    txns: [ok("az1ax1ay1"), ok("rx1ay2"), ok("ry12az3"), ok("rz13")],
    model: SER,
    anomalies: [],
    ruledOut: [],
  },
  { elle: "list_append graph-test single appends without reads", kind: "list", txns: [ok("rx"), ok("ax1")], model: STRICT, anomalies: [], ruledOut: [] },
  {
    elle: "list_append g1a-cases-test valid and invalid reads",
    kind: "list",
    txns: [ok("rx1ax2"), ok("rx12ry3"), fail("ax1")],
    model: RC,
    contains: ["G1a"],
    ruledOut: ALL_MODELS,
  },
  { elle: "list_append g1b-cases-test valid and invalid reads", kind: "list", txns: [ok("rx1"), ok("rx12ry3"), ok("ax1ax2"), ok("rx123")], model: RC, contains: ["G1b"], ruledOut: ALL_MODELS },
  { elle: "list_append g1b-cases-test internal reads", kind: "list", txns: [ok("ax1rx1ax2")], model: SER, lacks: ["G1b", "internal"], only: [] },
  { elle: "list_append internal-cases-test good", kind: "list", txns: [ok("ry56ax3rx123ax4rx1234")], model: SER, lacks: ["internal", "future-read"], only: [] },
  { elle: "list_append internal-cases-test read nil, then something", kind: "list", txns: [ok("rxrx2")], model: SER, contains: ["internal"], ruledOut: [SI, SER], only: [SI, SER] },
  {
    elle: "list_append internal-cases-test read-append-read",
    kind: "list",
    txns: [ok("rx12ax3rx12"), ok("ry12ay3ry023"), ok("rz12az3rz1234"), ok("rt12at3rt1")],
    model: SER,
    contains: ["internal"],
    ruledOut: [SI, SER],
    only: [SI, SER],
    note: "Elle's four txns on one key, here on four keys so each is its own case",
  },
  { elle: "list_append internal-cases-test append-read", kind: "list", txns: [ok("ax3rx1234"), ok("ay3ry")], model: SER, contains: ["internal"], ruledOut: [SI, SER], only: [SI, SER] },
  { elle: "list_append internal-cases-test FaunaDB example", kind: "list", txns: [ok("ax6rx")], model: SER, contains: ["internal"], ruledOut: [SI, SER], only: [SI, SER] },
  { elle: "list_append internal-cases-test future read external", kind: "list", txns: [ok("rx012ax1")], model: SER, contains: ["future-read"], ruledOut: [RC, SER], only: [RC, SER] },
  { elle: "list_append internal-cases-test future read internal", kind: "list", txns: [ok("ax1rx01ax0ax3")], model: SER, contains: ["future-read"], ruledOut: [RC, SER], only: [RC, SER] },
  // Cases that need Elle's rule "an append no read shows comes after every observed element".
  { elle: "list_append checker-test G1b (strict-serializable)", kind: "list", txns: [ok("ax1ax2", 0), ok("rx1", 0)], order: SEQ2, model: STRICT, anomalies: ["G-single", "G1b"], ruledOut: ALL_MODELS },
  { elle: "list_append checker-test G-single", kind: "list", txns: [ok("ax1ay1"), ok("ax2ry"), ok("rx12")], model: SER, anomalies: ["G-single"], ruledOut: SI_UP },
  { elle: "list_append checker-test G2", kind: "list", txns: [ok("ax1ry"), ok("ay1rx")], model: SER, anomalies: ["G2-item"], ruledOut: SER_UP },
  { elle: "list_append checker-test G-nonadjacent-process (elle#17)", kind: "list", txns: [ok("rxrz1", 0), ok("ax1", 1), ok("rz", 1), ok("az1", 2)], order: SEQ4, model: SSSI, anomalies: ["G-nonadjacent-process"], ruledOut: PROCESS_UP },
  { elle: "list_append repeatable-read-test", kind: "list", txns: [ok("rxay1"), ok("ryax1")], model: SER, anomalies: ["G2-item"], ruledOut: SER_UP },
  { elle: "list_append rr-g-single-item-test", kind: "list", txns: [ok("ax1ay1", 0), ok("rx1ry", 0)], order: SEQ2, model: SER, anomalies: ["G-single"], ruledOut: SI_UP },
  { elle: "list_append rr-g-nonadjacent-item-test", kind: "list", txns: [ok("ax1at1", 0), ok("rx1ry", 0), ok("ay1az2", 0), ok("rz2rt", 0)], order: SEQ4, model: SER, anomalies: ["G-nonadjacent"], ruledOut: SI_UP },
  {
    elle: "list_append unobserved-write-test",
    kind: "list",
    txns: [ok("ax1ay1"), ok("ax2ay2"), ok("ax3ay3"), ok("rx12"), ok("ry2")],
    model: SER,
    anomalies: ["G-single", "G0"],
    ruledOut: ALL_MODELS,
    note: "y=[2] puts the unread 1 after 2 on y: ry -rw-> w1 -ww-> w2 -wr-> ry (Elle names it G-single-item)",
  },
  {
    elle: "list_append lost-update-test",
    kind: "list",
    txns: [ok("ax0"), ok("rx0ax1"), ok("rx0ax2")],
    order: "t1 t1' t2 t2' t3 t3'",
    model: SER,
    contains: ["lost-update", "G2-item"],
    ruledOut: SI_UP,
  },
];

const WFR = "our register inference always assumes writes follow reads: Elle's check with :wfr-keys? true";
const INITIAL = "Elle's rw-register adds no anomaly for a read of a never-written value: our --initial-state initial";

export const RW_REGISTER_CASES: readonly ElleCase[] = [
  { elle: "rw_register internal-cases-test stale", kind: "register", txns: [ok("rx1wx2rx1")], model: SER, contains: ["internal"], ruledOut: [SI, SER], only: [SI, SER], initialState: "initial" },
  { elle: "rw_register internal-cases-test nil read", kind: "register", txns: [ok("rx_rx2")], model: SER, contains: ["internal"], ruledOut: [SI, SER], only: [SI, SER], initialState: "initial" },
  { elle: "rw_register internal-cases-test good", kind: "register", txns: [ok("ry2wx2rx2wx1rx1")], model: SER, lacks: ["internal"], only: [], initialState: "initial" },
  { elle: "rw_register g1a-cases-test bad", kind: "register", txns: [ok("rx2"), fail("wx2")], model: RC, anomalies: ["G1a"], ruledOut: ALL_MODELS },
  { elle: "rw_register g1a-cases-test good", kind: "register", txns: [ok("wx1"), ok("rx1")], model: STRICT, anomalies: [], ruledOut: [] },
  { elle: "rw_register g1b-cases-test bad", kind: "register", txns: [ok("rx2"), ok("wx2wx1")], model: RC, anomalies: ["G1b"], ruledOut: ALL_MODELS },
  { elle: "rw_register g1b-cases-test good", kind: "register", txns: [ok("wx1wx2"), ok("rx_rx2")], model: RC, lacks: ["G1b"], only: [] },
  {
    elle: "rw_register wr-graph-test chain on one register",
    kind: "register",
    txns: [ok("rx0wx1"), ok("rx1wx0")],
    model: SER,
    anomalies: ["G1c", "cyclic-versions"],
    ruledOut: ALL_MODELS,
    note: `${WFR}: x = 0 < 1 and 1 < 0 is cyclic-versions, that order is dropped, and the wr edges alone make G1c`,
  },
  { elle: "rw_register wr-graph-test chain across two registers", kind: "register", txns: [ok("rx0wy1"), ok("ry1wx0")], model: SER, anomalies: ["G1c"], ruledOut: ALL_MODELS },
  {
    elle: "rw_register wr-graph-test write skew",
    kind: "register",
    txns: [ok("rx0ry0wx1"), ok("rx0ry0wy1")],
    model: SER,
    anomalies: ["G2-item"],
    ruledOut: SER_UP,
    initialState: "initial",
    note: `${WFR} (Elle's wr-graph alone has no rw edges, hence its valid); ${INITIAL}`,
  },
  { elle: "rw_register checker-test G1a", kind: "register", txns: [ok("rx1"), fail("wx1")], model: RC, anomalies: ["G1a"], ruledOut: ALL_MODELS },
  { elle: "rw_register checker-test G1b", kind: "register", txns: [ok("wx1wx2"), ok("rx1")], model: RC, anomalies: ["G1b"], ruledOut: ALL_MODELS },
  {
    elle: "rw_register checker-test G-single transaction-order (without the order)",
    kind: "register",
    txns: [ok("rx_wy2"), ok("wx3wy4")],
    model: SER,
    anomalies: [],
    ruledOut: [],
  },
  {
    elle: "rw_register checker-test G2-item transaction-order (without the order)",
    kind: "register",
    txns: [ok("wx1wy2wz3"), ok("rx1wy5"), ok("rz3wx4"), ok("wz7wy8")],
    model: SER,
    anomalies: [],
    ruledOut: [],
  },
  { elle: "rw_register checker-test G1c", kind: "register", txns: [ok("wx1ry1"), ok("wy1rx1")], model: SER, anomalies: ["G1c"], ruledOut: ALL_MODELS },
  {
    elle: "rw_register checker-test G2-item (t1 establishes the initial state)",
    kind: "register",
    txns: [ok("rx1ry1", 0), ok("rx1wy2", 1), ok("ry1wx2", 2)],
    order: "t1 t1' t2 t3 t3' t2'",
    model: SER,
    anomalies: ["G2-item"],
    ruledOut: SER_UP,
    initialState: "initial",
    note: "Elle infers 1 < 2 from :linearizable-keys?; here from x = 1 and y = 1 being the initial state",
  },
  {
    elle: "rw_register checker-test internal",
    kind: "register",
    txns: [ok("rx1rx2")],
    model: SER,
    anomalies: ["internal"],
    ruledOut: SI_UP,
    only: [SI, SSSI, SSI, SER, SSSER, STRICT],
    initialState: "initial",
    note: "read-committed is not asserted: Elle answers unknown there (empty transaction graph)",
  },
  {
    elle: "rw_register checker-test initial state",
    kind: "register",
    txns: [ok("rx_ry1", 0), ok("wy1wx2", 1)],
    order: "t1 t2 t2' t1'",
    note: "Elle has both on process 0, which two open invokes cannot be; here on two processes",
    model: SER,
    anomalies: ["G-single"],
    ruledOut: SI_UP,
  },
  {
    elle: "rw_register checker-test wfr",
    kind: "register",
    txns: [ok("ry1wx1wy2"), ok("rx1ry1")],
    model: SER,
    anomalies: ["G-single"],
    ruledOut: SI_UP,
    initialState: "initial",
    note: `${WFR}; ${INITIAL} (y = 1)`,
  },
  {
    elle: "rw_register lost-update-test",
    kind: "register",
    txns: [ok("rx0wx1", 0), ok("rx0wx2", 1)],
    order: SEQ2,
    model: SER,
    anomalies: ["G2-item", "lost-update"],
    ruledOut: SI_UP,
    initialState: "initial",
    note: `${WFR}: 0 < 1 and 0 < 2 give each reader an rw edge to the other writer, so G2-item too`,
  },
  {
    elle: "rw_register cyclic-versions-bug-test",
    kind: "register",
    txns: [ok("", 0), ok("r1_", 0), ok("w14", 1), ok("", 2), ok("", 0), ok("r14", 0)],
    order: "t1 t1' t2 t3 t4 t2' t3' t4' t5 t5' t6 t6'",
    model: SER,
    anomalies: [],
    ruledOut: [],
  },
];

/**
 * Ordering variants Elle's suite does not spell out, built from its rules (the
 * anomaly definitions and the consistency-model graph), one per class.
 */
export const DERIVED_ORDERING_CASES: readonly ElleCase[] = [
  {
    elle: "derived: G0-realtime (x = [2 1], yet T1 completed before T2 began)",
    kind: "list",
    txns: [ok("ax1", 0), ok("ax2", 1), ok("rx21", 2)],
    order: "t1 t1' t2 t2' t3 t3'",
    model: STRICT,
    anomalies: ["G0-realtime"],
    ruledOut: REALTIME_SI,
  },
  {
    elle: "derived: G0-process (the same, on one process)",
    kind: "list",
    txns: [ok("ax1", 0), ok("ax2", 0), ok("rx21", 2)],
    order: "t1 t1' t2 t2' t3 t3'",
    model: SSSI,
    anomalies: ["G0-process"],
    ruledOut: PROCESS_UP,
  },
  {
    elle: "derived: G1c-realtime (T1 read what T2 wrote after T1 completed)",
    kind: "register",
    txns: [ok("ry1", 0), ok("wy1", 1)],
    order: SEQ2,
    model: STRICT,
    anomalies: ["G1c-realtime"],
    ruledOut: REALTIME_SI,
  },
  {
    elle: "derived: G2-item-process (two adjacent rw edges closed by process order)",
    kind: "register",
    txns: [ok("wy1", 0), ok("rx_", 0), ok("wx1ry_", 1)],
    order: "t3 t1 t1' t2 t2' t3'",
    model: SSSER,
    anomalies: ["G2-item-process"],
    ruledOut: [SSSER, STRICT],
  },
  {
    elle: "derived: G2-item-realtime (the same closed by real time only)",
    kind: "register",
    txns: [ok("wy1", 0), ok("rx_", 1), ok("wx1ry_", 2)],
    order: "t3 t1 t1' t2 t2' t3'",
    model: STRICT,
    anomalies: ["G2-item-realtime"],
    ruledOut: [STRICT],
  },
];
