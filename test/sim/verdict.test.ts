// Violation order: root causes lead, symptoms follow, stable within a property.
import { describe, expect, it } from "vitest";
import { propertyOfError, rootCauseFirst, type Property, type Violation } from "../../src/history/verdict.js";

const v = (property: Property, kind: string, step: number): Violation => ({ property, kind, step, threads: [], evidence: null, explanation: kind });

describe("rootCauseFirst", () => {
  it("puts a lost write before the lost update it explains, and keeps order within a property", () => {
    const found = [v("write-conflict", "lost-update", 122), v("snapshot-isolation", "stale-read", 80), v("durability", "lost-write", 92), v("snapshot-isolation", "future-read", 70)];
    expect(rootCauseFirst(found).map((x) => x.kind)).toEqual(["lost-write", "lost-update", "stale-read", "future-read"]);
  });

  it("leads with reclamation and ends with stray errors", () => {
    const found = [v("engine-error", "uncaught-error", 1), v("liveness", "stuck-op", 2), v("reclamation", "use-after-free", 3)];
    expect(rootCauseFirst(found).map((x) => x.property)).toEqual(["reclamation", "liveness", "engine-error"]);
  });
});

describe("propertyOfError", () => {
  it("reads a known property from an error's breaks field, and nothing else", () => {
    expect(propertyOfError(Object.assign(new Error("x"), { breaks: "write-conflict" }))).toBe("write-conflict");
    expect(propertyOfError(Object.assign(new Error("x"), { breaks: "bananas" }))).toBeUndefined();
    expect(propertyOfError(new Error("x"))).toBeUndefined();
    expect(propertyOfError("boom")).toBeUndefined();
  });
});
