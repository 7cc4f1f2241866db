// Porcupine parity in miniature: the kinds of history Porcupine's own tests
// check (its register examples from the 6.824 quiz, Jepsen etcd logs with cas
// and timeouts, its kv logs of appends and puts on string keys), written here
// by hand in mvsim history v1 and read through the JSONL reader, each with the
// verdict Porcupine expects.
import { describe, expect, it } from "vitest";
import { runChecker } from "../../src/check/checker.js";
import { LinearizabilityChecker } from "../../src/check/linearizability.js";
import { parseJsonlHistory } from "../../src/history/jsonl.js";

/** The checker's verdict on events written one a line as `type process f value` (value in JSON). */
function history(text: string): string {
  const jsonl = text
    .trim()
    .split("\n")
    .map((line) => {
      const [type, process, f, ...value] = line.trim().split(/\s+/);
      return JSON.stringify({ type, process: Number(process), f, value: JSON.parse(value.join(" ")) });
    })
    .join("\n");
  const parsed = parseJsonlHistory(jsonl + "\n", "porcupine.jsonl");
  if (!parsed.ok) throw new Error(parsed.error);
  return runChecker(new LinearizabilityChecker(), parsed.events).verdict;
}

describe("Porcupine-style histories", () => {
  it("register (6.824 quiz): a get of 100 and a get of 0 both inside put 100 is fine", () => {
    expect(
      history(`
        invoke 9 write ["r",0]
        ok     9 write ["r",0]
        invoke 0 write ["r",100]
        invoke 1 read ["r",null]
        invoke 2 read ["r",null]
        ok     2 read ["r",0]
        ok     1 read ["r",100]
        ok     0 write ["r",100]`),
    ).toBe("ok");
  });

  it("register (6.824 quiz): a get of 0 that begins after a get of 200 ended is not", () => {
    expect(
      history(`
        invoke 9 write ["r",0]
        ok     9 write ["r",0]
        invoke 0 write ["r",200]
        invoke 1 read ["r",null]
        ok     1 read ["r",200]
        invoke 2 read ["r",null]
        ok     2 read ["r",0]
        ok     0 write ["r",200]`),
    ).toBe("violation");
  });

  const etcd = (lastRead: number): string => `
    invoke 0 read ["x",null]
    invoke 1 write ["x",2]
    invoke 2 write ["x",4]
    ok     0 read ["x",null]
    ok     2 write ["x",4]
    ok     1 write ["x",2]
    invoke 3 cas ["x",[2,3]]
    invoke 4 cas ["x",[4,0]]
    ok     3 cas ["x",[2,3]]
    fail   4 cas ["x",[4,0]]
    invoke 0 read ["x",null]
    fail   0 read ["x",null]
    invoke 2 write ["x",1]
    info   2 write ["x",1]
    invoke 1 read ["x",null]
    ok     1 read ["x",${lastRead}]`;

  it("etcd log: writes, a cas that applied, one that failed, a timed-out read and an info write", () => {
    expect(history(etcd(3))).toBe("ok");
    expect(history(etcd(1))).toBe("ok"); // the info write may have landed
  });

  it("etcd log: a read of the value a successful cas replaced, after it completed, is not", () => {
    expect(history(etcd(2))).toBe("violation");
    expect(history(etcd(0))).toBe("violation"); // the failed cas 4->0 did not take effect
  });

  const kv = (lastGet: string): string => `
    invoke 0 append ["k","x 0 0 y"]
    invoke 1 append ["k","x 1 0 y"]
    ok     1 append ["k","x 1 0 y"]
    ok     0 append ["k","x 0 0 y"]
    invoke 2 read ["k",null]
    ok     2 read ["k",["x 1 0 y","x 0 0 y"]]
    invoke 0 write ["j",["x 0 1 y"]]
    invoke 1 append ["j","x 1 1 y"]
    ok     0 write ["j",["x 0 1 y"]]
    ok     1 append ["j","x 1 1 y"]
    invoke 2 read ["j",null]
    ok     2 read ["j",${lastGet}]`;

  it("kv log: concurrent appends read in either order, a put racing an append", () => {
    expect(history(kv('["x 0 1 y","x 1 1 y"]'))).toBe("ok");
    expect(history(kv('["x 0 1 y"]'))).toBe("ok"); // the append landed first, the put wiped it
  });

  it("kv log: a get that misses an append the put did not wipe, or shows a wiped one, is not", () => {
    expect(history(kv('["x 1 1 y","x 0 1 y"]'))).toBe("violation");
    expect(history(kv('["x 1 1 y"]'))).toBe("violation");
  });
});
