import { describe, expect, it } from "vitest";
import { MvccReference } from "../../src/models/mvcc-reference.js";

describe("mvcc reference", () => {
  it("reads the newest version committed before the snapshot (strict)", () => {
    const m = new MvccReference();
    m.apply(1, 10, [{ key: "x", effect: { kind: "write", value: 1 } }]);
    m.apply(2, 20, [{ key: "x", effect: { kind: "write", value: 2 } }]);
    expect(m.readAt("x", 5).value).toBeNull();
    expect(m.readAt("x", 10).value).toBeNull();
    expect(m.readAt("x", 11).value).toBe(1);
    expect(m.readAt("x", 21).version?.txn).toBe(2);
    const inc = new MvccReference("inclusive");
    inc.apply(1, 10, [{ key: "x", effect: { kind: "write", value: 1 } }]);
    expect(inc.readAt("x", 10).value).toBe(1);
  });

  it("folds appends and keeps order when commits arrive out of order", () => {
    const m = new MvccReference();
    m.apply(2, 20, [{ key: "l", effect: { kind: "append", element: 2 } }]);
    expect(m.readAt("l", 30).value).toEqual([2]);
    m.apply(1, 10, [{ key: "l", effect: { kind: "append", element: 1 } }]);
    expect(m.readAt("l", 30).value).toEqual([1, 2]);
    expect(m.readAt("l", 15).value).toEqual([1]);
    m.apply(3, 5, [{ key: "l", effect: { kind: "write", value: [0] } }]);
    expect(m.readAt("l", 30).value).toEqual([0, 1, 2]);
    expect(m.versions("l").map((v) => v.version.commit)).toEqual([5, 10, 20]);
  });

  it("applies a txn's effects on one key in program order", () => {
    const m = new MvccReference();
    m.apply(1, 10, [
      { key: "x", effect: { kind: "write", value: 1 } },
      { key: "y", effect: { kind: "write", value: 9 } },
      { key: "x", effect: { kind: "write", value: 2 } },
    ]);
    expect(m.readAt("x", 11).value).toBe(2);
    expect(m.readAt("y", 11).value).toBe(9);
  });
});
