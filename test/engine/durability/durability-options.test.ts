// resolveDurabilityOptions: defaults filled, and a bad field refused in one line
// naming it (the scenario loader passes these through by name).
import { describe, expect, it } from "vitest";
import { DEFAULT_DURABILITY, resolveDurabilityOptions } from "../../../src/engine/durability/durability-options.js";

describe("resolveDurabilityOptions", () => {
  it("fills the defaults: single-key writes commit through the engine unless asked", () => {
    const o = resolveDurabilityOptions({ dir: "db" });
    expect(o).toEqual({ ...DEFAULT_DURABILITY, dir: "db" });
    expect(o.singleKeyWritesLogFirst).toBe(0);
    expect(resolveDurabilityOptions({ dir: "db", singleKeyWritesLogFirst: 1 }).singleKeyWritesLogFirst).toBe(1);
  });

  it.each([2, -1, 0.5])("refuses singleKeyWritesLogFirst = %s in one line naming the field", (v) => {
    expect(() => resolveDurabilityOptions({ dir: "db", singleKeyWritesLogFirst: v })).toThrow(/^durability options: singleKeyWritesLogFirst: expected 0 or 1, got -?[\d.]+$/);
  });

  it("refuses a capacity below one", () => {
    expect(() => resolveDurabilityOptions({ dir: "db", queueSlots: 0 })).toThrow(/^durability options: queueSlots: expected an integer >= 1, got 0$/);
  });
});
