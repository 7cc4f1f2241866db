// Atomics.waitAsync, typed: it is in Node 20 but not in the ES2022 lib
// typings. The main thread waits on shared words with it without blocking.

export type WaitAsyncResult =
  | { async: false; value: "not-equal" | "timed-out" }
  | { async: true; value: Promise<"ok" | "timed-out"> };

export function waitAsync(i32: Int32Array, index: number, value: number, timeoutMs: number): WaitAsyncResult {
  return (Atomics as unknown as { waitAsync: typeof waitAsync }).waitAsync(i32, index, value, timeoutMs);
}
