import { describe, expect, it } from "vitest";
import { DurabilityChecker } from "../../src/check/durability.js";
import { runChecker } from "../../src/check/checker.js";
import { H } from "./history-builder.js";

const kinds = (h: H) => runChecker(new DurabilityChecker(), h.events).violations.map((v) => `${v.property}/${v.kind}`);
const read = (h: H, p: number, key: string, v: unknown) => h.op(p, "read", [key, v], [key, null]);

describe("durability and crash atomicity", () => {
  it("catches an acknowledged write lost by a power loss, passes the twin that kept it", () => {
    const lost = read(new H().op(1, "write", ["x", 1]).system("power-loss", null), 2, "x", null);
    expect(kinds(lost)).toEqual(["durability/lost-write"]);
    const v = runChecker(new DurabilityChecker(), lost.events).violations[0]!;
    expect(v.step).toBe(4);
    expect(v.explanation).toContain("acknowledged at history index 1");
    expect(kinds(read(new H().op(1, "write", ["x", 1]).system("power-loss", null), 2, "x", 1))).toEqual([]);
  });

  it("requires the newest acknowledged write, not an older one", () => {
    const h = () => new H().op(1, "write", ["x", 1]).op(1, "write", ["x", 2]).system("power-loss", null);
    expect(kinds(read(h(), 2, "x", 1))).toEqual(["durability/lost-write"]);
    expect(kinds(read(h(), 2, "x", 2))).toEqual([]);
  });

  it("lets an in-flight write go either way", () => {
    const h = () => new H().op(1, "write", ["x", 1]).invoke(3, "write", ["x", 2]).info(3, "write", ["x", 2]).system("power-loss", null);
    expect(kinds(read(h(), 2, "x", 1))).toEqual([]);
    expect(kinds(read(h(), 2, "x", 2))).toEqual([]);
    expect(kinds(read(h(), 2, "x", null))).toEqual(["durability/lost-write"]);
  });

  it("uses commit stamps to order concurrent acknowledged txns", () => {
    const h = () =>
      new H()
        .invoke(1, "txn", [["w", "x", 1]])
        .invoke(2, "txn", [["w", "x", 2]])
        .ok(2, "txn", [["w", "x", 2]], { id: 2, start: 1, commit: 20 })
        .ok(1, "txn", [["w", "x", 1]], { id: 1, start: 1, commit: 10 })
        .system("power-loss", null);
    expect(kinds(read(h(), 3, "x", 1))).toEqual(["durability/lost-write"]);
    expect(kinds(read(h(), 3, "x", 2))).toEqual([]);
  });

  it("catches a failed write that reappears, and a value nobody wrote", () => {
    const aborted = () => new H().invoke(1, "txn", [["w", "x", 9]]).fail(1, "txn", [["w", "x", 9]], { id: 1, start: 1 }).system("power-loss", null);
    expect(kinds(read(aborted(), 2, "x", 9))).toEqual(["durability/aborted-write-visible"]);
    expect(kinds(read(aborted(), 2, "x", null))).toEqual([]);
    expect(kinds(read(new H().system("power-loss", null), 2, "x", 42))).toEqual(["durability/phantom-value"]);
  });

  it("catches a write of a txn that never committed reappearing", () => {
    const h = () => new H().invoke(1, "txn", [["w", "x", 9]]).info(1, "txn", [["w", "x", 9]], { id: 1, start: 1 }).system("power-loss", null);
    expect(kinds(read(h(), 2, "x", 9))).toEqual(["durability/uncommitted-write-visible"]);
    const maybe = new H().invoke(1, "txn", [["w", "x", 9]]).info(1, "txn", [["w", "x", 9]]).system("power-loss", null);
    expect(kinds(read(maybe, 2, "x", 9))).toEqual([]);
  });

  it("passes the twin of a phantom: a value written after recovery", () => {
    expect(kinds(read(new H().system("power-loss", null).op(1, "write", ["x", 42]), 2, "x", 42))).toEqual([]);
  });

  it("catches a torn transaction after a power loss, passes all-or-nothing twins", () => {
    const h = () => new H().invoke(1, "txn", [["w", "x", 1], ["w", "y", 1]]).info(1, "txn", [["w", "x", 1], ["w", "y", 1]]).system("power-loss", null);
    expect(kinds(read(read(h(), 2, "x", 1), 2, "y", null))).toEqual(["atomic-visibility/torn-transaction"]);
    expect(kinds(read(read(h(), 2, "x", 1), 2, "y", 1))).toEqual([]);
    expect(kinds(read(read(h(), 2, "x", null), 2, "y", null))).toEqual([]);
  });

  it("checks lists: every acknowledged element survives", () => {
    const h = () => new H().op(1, "append", ["l", 1]).op(1, "append", ["l", 2]).system("power-loss", null);
    expect(kinds(read(h(), 2, "l", [1]))).toEqual(["durability/lost-write"]);
    expect(kinds(read(h(), 2, "l", [1, 2]))).toEqual([]);
  });

  it("keeps obligations across several power losses and judges only the first read", () => {
    const h = new H().op(1, "write", ["x", 1]).system("power-loss", null).op(2, "read", ["y", null], ["y", null]).system("power-loss", null);
    expect(kinds(read(h, 2, "x", null))).toEqual(["durability/lost-write"]);
    const later = read(read(new H().op(1, "write", ["x", 1]).system("power-loss", null), 2, "x", 1), 2, "x", 1);
    expect(kinds(later)).toEqual([]);
  });
});
