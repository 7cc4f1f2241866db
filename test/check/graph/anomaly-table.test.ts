// Anomaly → models ruled out, against Elle's consistency_model_test.clj
// (anomaly->impossible-models and friendly-boundary), restricted to our seven models.
import { describe, expect, it } from "vitest";
import { modelsRuledOut, propertyOf } from "../../../src/check/graph/anomaly-table.js";

const RC = "read-committed";
const SI = "snapshot-isolation";
const SSSI = "strong-session-snapshot-isolation";
const SSI = "strong-snapshot-isolation";
const SER = "serializable";
const SSSER = "strong-session-serializable";
const STRICT = "strict-serializable";
const ALL = [RC, SI, SSSI, SSI, SER, SSSER, STRICT];
const SI_UP = [SI, SSSI, SSI, SER, SSSER, STRICT];

describe("models ruled out, as Elle's consistency-model graph has them", () => {
  const cases: [string, string[]][] = [
    ["G-single", SI_UP], // Elle: consistent-view and up
    ["dirty-update", ALL],
    ["internal", SI_UP], // Elle: read-atomic and up; read-committed holds
    ["cyclic-versions", ALL], // Elle: not read-uncommitted
    ["G1a", ALL],
    ["lost-update", SI_UP], // Elle: not update-atomic, cursor-stability
    ["G-single-realtime", [SSI, STRICT]], // Elle: not strong-snapshot-isolation, also-not strong-serializable
    ["G-single-process", [SSSI, SSI, SSSER, STRICT]], // Elle list_append Strong Session SI violation: not strong-session-SI
    ["G1c-process", [SSSI, SSI, SSSER, STRICT]], // Elle wr-process-test: not strong-session-read-committed
    ["G-nonadjacent-process", [SSSI, SSI, SSSER, STRICT]],
    ["G2-item", [SER, SSSER, STRICT]], // Elle: not repeatable-read
    ["G2-item-process", [SSSER, STRICT]],
    ["G2-item-realtime", [STRICT]],
    ["G0", ALL],
    ["G0-realtime", [SSI, STRICT]], // strong-read-uncommitted, implied by strong SI
    ["incompatible-order", ALL],
    ["duplicate-elements", ALL],
    ["future-read", ALL],
  ];
  for (const [anomaly, models] of cases) {
    it(anomaly, () => expect(modelsRuledOut(anomaly)).toEqual(models));
  }
  it("an unknown name rules out nothing", () => expect(modelsRuledOut("zz")).toEqual([]));
  it("cyclic-versions breaks atomic visibility, ordering variants serializability", () => {
    expect(propertyOf("cyclic-versions")).toBe("atomic-visibility");
    expect(propertyOf("G1c-process")).toBe("serializability");
  });
});
