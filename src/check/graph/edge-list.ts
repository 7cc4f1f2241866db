// The dependency graph as integers: a growable list of typed edges (from, to,
// type bit, and the micro-op positions that justify it), compacted into a CSR
// adjacency with duplicate (from, to) pairs merged into one mask. No per-edge objects.

export const WW = 1;
export const WR = 2;
export const RW = 4;
export const PROCESS = 8;
export const REALTIME = 16;
export const DATA = WW | WR | RW;
export const ORDERING = PROCESS | REALTIME;

export function edgeTypeName(bit: number): "ww" | "wr" | "rw" | "process" | "realtime" {
  switch (bit) {
    case WW:
      return "ww";
    case WR:
      return "wr";
    case RW:
      return "rw";
    case PROCESS:
      return "process";
    default:
      return "realtime";
  }
}

/** Growable edge list; `fromOp`/`toOp` index the micro-op in each txn (-1: none). */
export class EdgeList {
  length = 0;
  from: Int32Array<ArrayBuffer> = new Int32Array(1024);
  to: Int32Array<ArrayBuffer> = new Int32Array(1024);
  type = new Uint8Array(1024);
  fromOp: Int32Array<ArrayBuffer> = new Int32Array(1024);
  toOp: Int32Array<ArrayBuffer> = new Int32Array(1024);

  add(from: number, to: number, type: number, fromOp: number, toOp: number): void {
    if (from === to) return; // dependency graphs have no self-edges
    if (this.length === this.from.length) this.grow();
    const i = this.length++;
    this.from[i] = from;
    this.to[i] = to;
    this.type[i] = type;
    this.fromOp[i] = fromOp;
    this.toOp[i] = toOp;
  }

  private grow(): void {
    const n = this.from.length * 2;
    const g32 = (a: Int32Array): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.from = g32(this.from);
    this.to = g32(this.to);
    this.fromOp = g32(this.fromOp);
    this.toOp = g32(this.toOp);
    const t = new Uint8Array(n);
    t.set(this.type);
    this.type = t;
  }
}

/** Compressed adjacency: targets of node v are tgt[off[v] .. off[v+1]), each with a type mask. */
export interface Csr {
  readonly n: number;
  readonly off: Int32Array;
  readonly tgt: Int32Array;
  readonly msk: Uint8Array;
}

/** Builds the CSR of nodes 0..n-1, merging parallel edges; targets keep insertion order. */
export function buildCsr(n: number, edges: EdgeList): Csr {
  const deg = new Int32Array(n + 1);
  for (let i = 0; i < edges.length; i++) deg[edges.from[i]! + 1]!++;
  for (let v = 0; v < n; v++) deg[v + 1]! += deg[v]!;
  const fill = deg.slice(0, n);
  const rawT = new Int32Array(edges.length);
  const rawM = new Uint8Array(edges.length);
  for (let i = 0; i < edges.length; i++) {
    const p = fill[edges.from[i]!]!++;
    rawT[p] = edges.to[i]!;
    rawM[p] = edges.type[i]!;
  }
  // Merge duplicates per source: slot[w] = position of w in the current source's list.
  const slot = new Int32Array(n).fill(-1);
  const off = new Int32Array(n + 1);
  let w = 0;
  for (let v = 0; v < n; v++) {
    off[v] = w;
    const start = w;
    for (let p = deg[v]!; p < deg[v + 1]!; p++) {
      const t = rawT[p]!;
      const s = slot[t]!;
      if (s >= start) {
        rawM[s] = rawM[s]! | rawM[p]!;
      } else {
        slot[t] = w;
        rawT[w] = t;
        rawM[w] = rawM[p]!;
        w++;
      }
    }
  }
  off[n] = w;
  return { n, off, tgt: rawT.slice(0, w), msk: rawM.slice(0, w) };
}
