/**
 * Graph utilities for claims about graph networks: adjacency matrices, walk counting by explicit
 * enumeration (an oracle independent of matrix powers), and one propagation step of a linear
 * graph network with sum or max aggregation.
 * @module
 */
import { ValueError, tensor, type Tensor } from 'chainrule';

/** The adjacency matrix (0/1) of a graph given by node names and edges; undirected by default. */
export function adjacencyMatrix(nodes: readonly string[], edges: readonly (readonly [string, string])[], options: { directed?: boolean } = {}): number[][] {
  const index = new Map(nodes.map((n, i) => [n, i]));
  const A = nodes.map(() => nodes.map(() => 0));
  for (const [from, to] of edges) {
    const i = index.get(from);
    const j = index.get(to);
    if (i === undefined || j === undefined) throw new ValueError('adjacencyMatrix', `edge ${from}–${to} names a node not in [${nodes.join(', ')}]`);
    A[i]![j] = 1;
    if (!options.directed) A[j]![i] = 1;
  }
  return A;
}

/**
 * Number of walks of exactly `length` steps from i to j, for every (i, j), by enumerating the walks
 * one by one (depth-first, with an explicit stack). Exponential in `length`: for small graphs.
 */
export function countWalks(adjacency: readonly (readonly number[])[], length: number): number[][] {
  if (!Number.isInteger(length) || length < 0) throw new ValueError('countWalks', `length must be a non-negative integer, got ${length}`);
  const n = adjacency.length;
  const counts = adjacency.map(() => new Array<number>(n).fill(0));
  for (let start = 0; start < n; start++) {
    const stack: [node: number, steps: number][] = [[start, 0]];
    while (stack.length > 0) {
      const [node, steps] = stack.pop()!;
      if (steps === length) {
        counts[start]![node]!++;
        continue;
      }
      for (let next = 0; next < n; next++) {
        // A weighted entry counts as that many parallel edges.
        for (let e = 0; e < adjacency[node]![next]!; e++) stack.push([next, steps + 1]);
      }
    }
  }
  return counts;
}

/**
 * One layer of a linear graph network: G' = A·G with sum aggregation, or
 * G'[i][j] = max_l A[i][l]·G[l][j] with max aggregation.
 */
export function propagate(A: Tensor, G: Tensor, aggregation: 'sum' | 'max'): Tensor {
  if (aggregation === 'sum') return A.matmul(G);
  // messages[i][l][j] = A[i][l]·G[l][j]; take the max over the neighbours l
  return A.unsqueeze(2).mul(G.unsqueeze(0)).amax(1);
}

/** G_k after k propagation steps from G_0 = I. */
export function propagateFromIdentity(adjacency: readonly (readonly number[])[], k: number, aggregation: 'sum' | 'max'): number[][] {
  const n = adjacency.length;
  const A = tensor(adjacency as number[][], { dtype: 'float64' });
  let G = tensor(adjacency.map((_, i) => adjacency.map((__, j) => (i === j ? 1 : 0))), { dtype: 'float64' });
  for (let step = 0; step < k; step++) G = propagate(A, G, aggregation);
  return n === 0 ? [] : (G.toArray() as number[][]);
}
