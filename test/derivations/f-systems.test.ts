/**
 * Section F of the catalog (graphs, memory and systems), the claims implemented so far.
 *
 * graph-walk-counts — HOLDS. By induction on k: G₀ = I counts the length-0 walks (i = j only); if
 *   (G_k)_lj counts k-walks l → j then (A·G_k)_ij = Σ_l A_il (G_k)_lj counts (k+1)-walks i → l → j by
 *   their first step. With max aggregation and 0/1 entries, max_l A_il (G_k)_lj = 1 iff some
 *   neighbour l of i has a k-walk to j, i.e. iff a (k+1)-walk i → j exists.
 *
 * graph-square-example — REFUTED. Order A, B, C, D; neighbours A: {B, C, D}, B: {A, D}, C: {A, D},
 *   D: {A, B, C}. (A²)_ii = degree, (A²)_ij = number of common neighbours:
 *     AA 3, AB |{D}| = 1, AC |{D}| = 1, AD |{B, C}| = 2,
 *     BB 2, BC |{A, D}| = 2, BD |{A}| = 1,  CC 2, CD |{A}| = 1,  DD 3.
 *   A² = [[3,1,1,2],[1,2,2,1],[1,2,2,1],[2,1,1,3]]: the claim has (A²)_DD = 2, but D has degree 3.
 *
 * allreduce-message-counts — HOLDS. All-to-all: each of n workers sends its p values to the n − 1
 *   others: n(n−1) messages of size p. Parameter server: n pushes + n pulls of size p: 2n.
 *   Ring: gradients cut into n chunks of p/n; reduce-scatter n − 1 rounds of n messages, all-gather
 *   n − 1 rounds of n messages: 2n(n−1) messages of size p/n. Every scheme ends with the plain sum.
 */
import { describe, expect, it } from 'vitest';
import { mat, outcomeOf, shownAt } from './helpers.js';

describe('graph-walk-counts', () => {
  /** Walks of length k from i to j by brute-force enumeration of vertex sequences (plain JS). */
  const walks = (A: number[][], k: number): number[][] => {
    const n = A.length;
    const C = A.map(() => new Array<number>(n).fill(0));
    const extend = (start: number, at: number, steps: number, weight: number): void => {
      if (steps === k) {
        C[start]![at]! += weight;
        return;
      }
      for (let next = 0; next < n; next++) if (A[at]![next]) extend(start, next, steps + 1, weight * A[at]![next]!);
    };
    for (let i = 0; i < n; i++) extend(i, i, 0, 1);
    return C;
  };

  it('my induction, sanity-checked: A^k equals brute-force walk counts on a small directed graph', () => {
    const A = [[0, 1, 1], [0, 0, 1], [1, 0, 1]];
    for (let k = 0; k <= 4; k++) expect(mat.pow(A, k)).toEqual(walks(A, k));
  });

  it('holds: at the reported example, sum aggregation gives A^k and max aggregation its 0/1 pattern', () => {
    const o = outcomeOf('graph-walk-counts');
    expect(o.verdict).toBe('holds');
    const claimed = o.claimed as { sum: number[][]; max: number[][] };
    const computed = o.computed as { sum: number[][]; max: number[][] };
    for (const part of ['sum', 'max'] as const) {
      const { A, k } = shownAt(o.note, part) as { A: number[][]; k: number };
      const Ak = A.length === 0 ? [] : mat.pow(A, k);
      const expected = part === 'sum' ? Ak : Ak.map((row) => row.map((c) => (c > 0 ? 1 : 0)));
      expect(claimed[part]).toEqual(expected);
      expect(computed[part]).toEqual(expected);
    }
  });
});

describe('graph-square-example', () => {
  const claimedA2 = [[3, 1, 1, 2], [1, 2, 2, 1], [1, 2, 2, 1], [2, 1, 1, 2]];
  const handA2 = [[3, 1, 1, 2], [1, 2, 2, 1], [1, 2, 2, 1], [2, 1, 1, 3]];

  it('my hand A² is the square of the adjacency matrix (plain JS)', () => {
    const A = [[0, 1, 1, 1], [1, 0, 0, 1], [1, 0, 0, 1], [1, 1, 1, 0]];
    expect(mat.mul(A, A)).toEqual(handA2);
  });

  it('is refuted: the computed A² is the hand one, and differs from the claim only at (D, D): 3 vs 2', () => {
    const o = outcomeOf('graph-square-example');
    expect(o.verdict).toBe('refuted');
    expect(o.claimed).toEqual(claimedA2);
    expect(o.computed).toEqual(handA2);
    const diffs: [number, number][] = [];
    claimedA2.forEach((row, i) => row.forEach((v, j) => v !== handA2[i]![j] && diffs.push([i, j])));
    expect(diffs).toEqual([[3, 3]]);
  });
});

describe('allreduce-message-counts', () => {
  const expectedCounts: Record<string, (n: number, p: number) => [number, number]> = {
    'all-to-all': (n, p) => [n * (n - 1), p],
    'parameter-server': (n, p) => [2 * n, p],
    ring: (n, p) => [2 * n * (n - 1), p / n],
  };

  it('holds: at each reported example the message count and size are the hand formulas, and the sum is exact', () => {
    const o = outcomeOf('allreduce-message-counts');
    expect(o.verdict).toBe('holds');
    const claimed = o.claimed as Record<string, number[]>;
    const computed = o.computed as Record<string, number[]>;
    expect(Object.keys(computed).sort()).toEqual(Object.keys(expectedCounts).sort());
    for (const [strategy, formula] of Object.entries(expectedCounts)) {
      const { n, chunk } = shownAt(o.note, strategy) as { n: number; chunk: number };
      const [count, size] = formula(n, n * chunk);
      expect(claimed[strategy]).toEqual([count, size, 0]);
      expect(computed[strategy]).toEqual([count, size, 0]);
    }
  });
});
