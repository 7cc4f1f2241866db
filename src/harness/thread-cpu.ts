// CPU time of the calling thread (not the process, not the wall clock), for the
// worker pool's cost breakdown: on a shared machine wall time says how busy the
// machine is, CPU time what our code costs. Contract: nanoseconds, monotonic per
// thread; undefined where the platform gives no per-thread figure.
import { readFileSync } from "node:fs";

type Reader = () => number;

/** Linux: /proc/thread-self/schedstat starts with the thread's time on a CPU, in ns. */
function schedstat(): number {
  return Number(readFileSync("/proc/thread-self/schedstat", "latin1").split(" ", 1)[0]);
}

/** Node >= 23.9 has process.threadCpuUsage() (microseconds). */
function nodeThreadUsage(): Reader | undefined {
  const f = (process as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage;
  if (typeof f !== "function") return undefined;
  return () => {
    const u = f.call(process);
    return (u.user + u.system) * 1000;
  };
}

function pickReader(): Reader | undefined {
  try {
    if (Number.isFinite(schedstat())) return schedstat;
  } catch {
    // Not Linux, or /proc not mounted.
  }
  return nodeThreadUsage();
}

let reader: Reader | undefined | null = null;

/** This thread's CPU time so far in ns, or undefined when it cannot be read. */
export function threadCpuNs(): number | undefined {
  if (reader === null) reader = pickReader();
  return reader?.();
}
