// Writes output lines to a stream that the reader may close early
// (`mvsim check ... | head`): once the pipe is closed (EPIPE), further lines
// are dropped quietly, so the command still ends with its verdict's exit code
// instead of an EPIPE stack trace. Other stream errors are not swallowed.
import type { Writable } from "node:stream";

export interface LineWriter {
  readonly write: (line: string) => void;
  /** The reader went away; lines written since were dropped. */
  readonly closed: () => boolean;
}

export function lineWriter(stream: Writable): LineWriter {
  let closed = false;
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE" && e.code !== "ERR_STREAM_DESTROYED") throw e;
    closed = true;
  });
  return {
    write: (line) => {
      if (!closed) stream.write(line + "\n");
    },
    closed: () => closed,
  };
}
