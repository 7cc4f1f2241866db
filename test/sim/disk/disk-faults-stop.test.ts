// Random disk faults end when the run's faults stop (the nemesis heals before
// liveness is judged); aimed one-shot faults still fire after that.
import { describe, expect, it } from "vitest";
import { DiskFaults } from "../../../src/sim/disk/disk-faults.js";
import { resolveDiskOptions } from "../../../src/sim/disk/disk-options.js";
import { Rng } from "../../../src/sim/rng.js";

describe("disk faults stop", () => {
  it("no random EIO after stop(), aimed faults still fire", () => {
    const f = new DiskFaults(resolveDiskOptions({ writeEioProbabilityPerOp: 1, fsyncEioProbabilityPerOp: 1 }), new Rng(1n));
    expect(f.decide("write", "db/x")).toBe("EIO");
    expect(f.decide("fsync", "db/x")).toBe("EIO");
    f.stop();
    expect(f.decide("write", "db/x")).toBeUndefined();
    expect(f.decide("fsync", "db/x")).toBeUndefined();
    f.injectNext({ op: "write", pathPrefix: "db/", code: "ENOSPC" });
    expect(f.decide("write", "db/x")).toBe("ENOSPC");
  });
});
