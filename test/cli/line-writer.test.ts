// A closed pipe (`mvsim check ... | head`) must not end the command with an
// EPIPE error: src/cli/line-writer.ts over a stream that fails the way
// process.stdout does when its reader has gone (an 'error' event, code EPIPE).
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { lineWriter } from "../../src/cli/line-writer.js";

/** Takes `open` lines, then fails every write with `code`, as a pipe whose reader exited. */
function pipeClosingAfter(open: number, code: string): { stream: Writable; got: string[] } {
  const got: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (got.length < open) {
        got.push(chunk.toString());
        cb();
      } else cb(Object.assign(new Error(`write ${code}`), { code }));
    },
  });
  return { stream, got };
}

describe("line writer", () => {
  it("drops lines quietly once the reader has closed the pipe", async () => {
    const { stream, got } = pipeClosingAfter(1, "EPIPE");
    const out = lineWriter(stream);
    for (let i = 0; i < 50; i++) out.write(`line ${i}`);
    await new Promise((r) => setImmediate(r));
    expect(out.closed()).toBe(true);
    expect(got).toEqual(["line 0\n"]);
    out.write("verdict: violation"); // after the close: dropped, no error
  });

  it("does not swallow other stream errors", () => {
    const { stream } = pipeClosingAfter(0, "EIO");
    lineWriter(stream);
    expect(() => stream.emit("error", Object.assign(new Error("disk on fire"), { code: "EIO" }))).toThrow("disk on fire");
  });
});
