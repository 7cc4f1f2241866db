import { describe, expect, it } from "vitest";
import { kvModel } from "../../src/models/kv-model.js";

const s = (value: unknown) => ({ value }) as never;

describe("kv model", () => {
  it("reads what was written and refuses other values", () => {
    const w = kvModel.step(kvModel.init(), { f: "write", value: 3 }, null)!;
    expect(kvModel.step(w, { f: "read" }, 3)).toBe(w);
    expect(kvModel.step(w, { f: "read" }, 4)).toBeNull();
    expect(kvModel.step(kvModel.init(), { f: "read" }, null)).not.toBeNull();
  });

  it("applies a cas only from the expected value; unknown cas applies when it can", () => {
    expect(kvModel.step(s(1), { f: "cas", expected: 1, next: 2 }, true)).toEqual(s(2));
    expect(kvModel.step(s(0), { f: "cas", expected: 1, next: 2 }, true)).toBeNull();
    expect(kvModel.step(s(0), { f: "cas", expected: 1, next: 2 }, false)).toEqual(s(0));
    expect(kvModel.step(s(1), { f: "cas", expected: 1, next: 2 }, false)).toBeNull();
    expect(kvModel.step(s(1), { f: "cas", expected: 1, next: 2 }, undefined)).toEqual(s(2));
    expect(kvModel.step(s(5), { f: "cas", expected: 1, next: 2 }, undefined)).toEqual(s(5));
  });

  it("appends to lists, deletes to absent, refuses appends to registers", () => {
    const a = kvModel.step(kvModel.init(), { f: "append", element: 1 }, null)!;
    const b = kvModel.step(a, { f: "append", element: 2 }, null)!;
    expect(b.value).toEqual([1, 2]);
    expect(kvModel.step(b, { f: "read" }, [1, 2])).not.toBeNull();
    expect(kvModel.step(b, { f: "read" }, [2, 1])).toBeNull();
    expect(kvModel.step(b, { f: "delete" }, null)!.value).toBeNull();
    expect(kvModel.step(s(7), { f: "append", element: 1 }, null)).toBeNull();
  });

  it("hashes equal states equally and describes ops in words", () => {
    expect(kvModel.hash(s([1, 2]))).toBe(kvModel.hash(s([1, 2])));
    expect(kvModel.hash(s("1"))).not.toBe(kvModel.hash(s(1)));
    expect(kvModel.describe({ f: "cas", expected: 1, next: 2 }, true)).toBe("cas 1->2 applied");
  });
});
