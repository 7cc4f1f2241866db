// Strongly connected components by Tarjan's algorithm, iterative (an explicit
// call stack of typed arrays) so a million-node graph cannot overflow the JS
// stack. Only edges whose type mask meets `mask` count. Deterministic: nodes and
// targets are visited in index / CSR order.
import type { Csr } from "./edge-list.js";

export interface Components {
  /** comp[v] = component id of v. */
  readonly comp: Int32Array;
  /** size[c] = number of nodes in component c. */
  readonly size: Int32Array;
  readonly count: number;
}

export function stronglyConnected(g: Csr, mask: number): Components {
  const n = g.n;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const comp = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  let sp = 0;
  let next = 0;
  let count = 0;
  const sizes: number[] = [];

  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    callNode[0] = root;
    callEdge[0] = g.off[root]!;
    index[root] = low[root] = next++;
    stack[sp++] = root;
    while (depth >= 0) {
      const v = callNode[depth]!;
      let e = callEdge[depth]!;
      const end = g.off[v + 1]!;
      let descended = false;
      while (e < end) {
        const w = g.tgt[e]!;
        const m = g.msk[e]!;
        e++;
        if ((m & mask) === 0) continue;
        if (index[w] === -1) {
          callEdge[depth] = e;
          depth++;
          callNode[depth] = w;
          callEdge[depth] = g.off[w]!;
          index[w] = low[w] = next++;
          stack[sp++] = w;
          descended = true;
          break;
        } else if (comp[w] === -1 && index[w]! < low[v]!) {
          low[v] = index[w]!; // w is on the stack
        }
      }
      if (descended) continue;
      // v is finished
      if (low[v] === index[v]) {
        let size = 0;
        let w: number;
        do {
          w = stack[--sp]!;
          comp[w] = count;
          size++;
        } while (w !== v);
        sizes.push(size);
        count++;
      }
      depth--;
      if (depth >= 0) {
        const parent = callNode[depth]!;
        if (low[v]! < low[parent]!) low[parent] = low[v]!;
      }
    }
  }
  return { comp, size: Int32Array.from(sizes), count };
}
