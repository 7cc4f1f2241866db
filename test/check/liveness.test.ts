import { describe, expect, it } from "vitest";
import { LivenessChecker } from "../../src/check/liveness.js";
import { runChecker } from "../../src/check/checker.js";
import { H } from "./history-builder.js";

const run = (h: H, boundUs = 1000) => runChecker(new LivenessChecker({ boundUs }), h.events);

describe("liveness", () => {
  it("catches an op still open past the bound after faults stop", () => {
    const h = new H().system("faults-stop", null, 100).invoke(1, "write", ["x", 1], 200).op(2, "read", ["x", null]).system("memory", { liveWords: 1, liveVersions: 1, garbageVersions: 0 }, 1300);
    const r = run(h);
    expect(r.violations.map((v) => v.kind)).toEqual(["stuck-op"]);
    expect(r.violations[0]!.step).toBe(4);
    expect(r.violations[0]!.threads).toEqual([1]);
  });

  it("passes the twin that completes within the bound", () => {
    const h = new H().system("faults-stop", null, 100).invoke(1, "write", ["x", 1], 200).op(2, "read", ["x", null]).ok(1, "write", ["x", 1], undefined, 1150).system("memory", { liveWords: 1, liveVersions: 1, garbageVersions: 0 }, 5000);
    expect(run(h).verdict).toBe("ok");
  });

  it("measures ops open before faults stop from the faults-stop event", () => {
    const h = new H().invoke(1, "write", ["x", 1], 10).system("faults-stop", null, 5000).ok(1, "write", ["x", 1], undefined, 5900);
    expect(run(h).verdict).toBe("ok");
    const late = new H().invoke(1, "write", ["x", 1], 10).system("faults-stop", null, 5000).ok(1, "write", ["x", 1], undefined, 6001);
    expect(run(late).violations.map((v) => v.kind)).toEqual(["late-completion"]);
  });

  it("ignores slow ops while faults are still running", () => {
    const h = new H().invoke(1, "write", ["x", 1], 10).ok(1, "write", ["x", 1], undefined, 90_000);
    expect(run(h).verdict).toBe("ok");
  });

  it("flags an indeterminate outcome after faults stop", () => {
    const h = new H().system("faults-stop", null, 100).invoke(1, "write", ["x", 1], 200).info(1, "write", ["x", 1]);
    expect(run(h).violations.map((v) => v.kind)).toEqual(["no-definite-outcome"]);
    const twin = new H().system("faults-stop", null, 100).invoke(1, "write", ["x", 1], 200).fail(1, "write", ["x", 1]);
    expect(run(twin).verdict).toBe("ok");
  });
});
