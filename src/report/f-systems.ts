/**
 * Section F of the catalog: graphs, memory and systems. Walks are counted by explicit enumeration
 * (src/report/graph/walks.ts) and compared with a linear graph network's propagation; message counts come
 * from a simulated all-reduce over real gradient tensors (src/report/distributed/allreduce.ts).
 * @module
 */
import fc from 'fast-check';
import { Generator, randn } from 'chainrule';
import { adjacencyMatrix, countWalks, propagateFromIdentity } from './graph/walks.js';
import { simulateAllReduce, type AllReduceStrategy } from './distributed/allreduce.js';
import { allOf, checkFormula, compareValues, defineClaim, type Claim } from './claims.js';

/** Small random graphs (directed or not) and a walk length. */
const graphs = fc
  .record({ n: fc.integer({ min: 1, max: 5 }), directed: fc.boolean(), k: fc.integer({ min: 0, max: 4 }), seed: fc.integer({ min: 0, max: 1e6 }) })
  .map(({ n, directed, k, seed }) => {
    const gen = new Generator(seed);
    const A = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++) {
      for (let j = directed ? 0 : i; j < n; j++) {
        if (gen.uniform() < 0.45) {
          A[i]![j] = 1;
          if (!directed) A[j]![i] = 1;
        }
      }
    }
    return { A, k };
  });

const graphWalkCounts = defineClaim({
  id: 'graph-walk-counts',
  section: 'F',
  title: 'sum aggregation from G₀ = I gives G_k = A^k counting k-walks; max aggregation gives 1 iff a walk exists',
  check: () =>
    allOf({
      sum: checkFormula({
        args: graphs,
        numRuns: 150,
        claimed: ({ A, k }) => countWalks(A, k),
        computed: ({ A, k }) => propagateFromIdentity(A, k, 'sum'),
        note: 'claimed side: walks enumerated one by one; computed: k layers G ← A·G',
      }),
      max: checkFormula({
        args: graphs,
        numRuns: 150,
        claimed: ({ A, k }) => countWalks(A, k).map((row) => row.map((c) => (c > 0 ? 1 : 0))),
        computed: ({ A, k }) => propagateFromIdentity(A, k, 'max'),
        note: 'computed: k layers G[i][j] ← max_l A[i][l]·G[l][j]',
      }),
    }),
});

const graphSquareExample = defineClaim({
  id: 'graph-square-example',
  section: 'F',
  title: 'edges A–B, A–C, A–D, B–D, C–D: A² = [[3,1,1,2],[1,2,2,1],[1,2,2,1],[2,1,1,2]]',
  check: () => {
    const A = adjacencyMatrix(['A', 'B', 'C', 'D'], [['A', 'B'], ['A', 'C'], ['A', 'D'], ['B', 'D'], ['C', 'D']]);
    const squared = propagateFromIdentity(A, 2, 'sum');
    const walks = countWalks(A, 2);
    const outcome = compareValues(
      [[3, 1, 1, 2], [1, 2, 2, 1], [1, 2, 2, 1], [2, 1, 1, 2]],
      squared,
      { atol: 0, rtol: 0 },
      `order A, B, C, D; enumeration of 2-walks agrees with the propagation: ${JSON.stringify(walks) === JSON.stringify(squared)}; (A²)_DD is D's degree, 3 (D–A–D, D–B–D, D–C–D)`,
    );
    return outcome;
  },
});

/** Message count and size each strategy is claimed to use. */
const claimedMessages: Record<AllReduceStrategy, (n: number, p: number) => { count: number; size: number }> = {
  'all-to-all': (n, p) => ({ count: n * (n - 1), size: p }),
  'parameter-server': (n, p) => ({ count: 2 * n, size: p }),
  ring: (n, p) => ({ count: 2 * n * (n - 1), size: p / n }),
};

const allreduceMessageCounts = defineClaim({
  id: 'allreduce-message-counts',
  section: 'F',
  title: 'all-to-all n(n−1) msgs of size p; parameter server 2n of size p; ring 2n(n−1) of size p/n',
  check: () => {
    const args = fc.record({ n: fc.integer({ min: 2, max: 6 }), chunk: fc.integer({ min: 1, max: 4 }), seed: fc.integer({ min: 0, max: 1e6 }) });
    const parts = Object.fromEntries(
      (Object.keys(claimedMessages) as AllReduceStrategy[]).map((strategy) => [
        strategy,
        checkFormula({
          args,
          numRuns: 40,
          claimed: ({ n, chunk }) => {
            const { count, size } = claimedMessages[strategy](n, n * chunk);
            return [count, size, 0];
          },
          computed: ({ n, chunk, seed }) => {
            const gen = new Generator(seed);
            const grads = Array.from({ length: n }, () => randn([n * chunk], { dtype: 'float64', generator: gen }));
            const { results, messages } = simulateAllReduce(grads, strategy);
            const sizes = new Set(messages.map((m) => m.size));
            const sum = grads.reduce((a, b) => a.add(b));
            const worstError = Math.max(...results.map((r) => r.sub(sum).abs().max().item()));
            // the reduction is exact up to float64 rounding of a different summation order
            return [messages.length, sizes.size === 1 ? [...sizes][0]! : NaN, worstError < 1e-12 ? 0 : worstError];
          },
          atol: 0,
          rtol: 0,
          note: 'values are [messages, size of each message, max |result − plain sum| (0 if < 1e-12)]; p = n·chunk so p/n is whole',
        }),
      ]),
    );
    return allOf(parts);
  },
});

/** Section F claims implemented so far, in catalog order. */
export const sectionF: readonly Claim[] = [graphWalkCounts, graphSquareExample, allreduceMessageCounts];
