/**
 * matmul under PyTorch's rules (1-D·1-D dot, 1-D·2-D, 2-D·1-D, 2-D·2-D, batched with broadcast
 * batch dims, batched·1-D): values against a triple loop, gradcheck and gradgradcheck.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShapeError, matmul, randn, traceKernels, type Tensor } from '../../src/index.js';
import { broadcastableShapes, checkGradcheck, checkGradgradcheck, tensors } from '../../src/testing/index.js';
import { RUNS, RUNS2, at, broadcastShape, expectValues, unflatten } from './support.js';

type Kind = '1d·1d' | '1d·2d' | '2d·1d' | '2d·2d' | 'batched' | 'batched·1d' | '1d·batched';
const KINDS: Kind[] = ['1d·1d', '1d·2d', '2d·1d', '2d·2d', 'batched', 'batched·1d', '1d·batched'];

/** Operand pairs of one kind with sides 1..maxSide and (for batched kinds) broadcastable batch dims. */
function operands(kind: Kind, maxSide: number, maxBatchRank: number): fc.Arbitrary<[Tensor, Tensor]> {
  const side = fc.integer({ min: 1, max: maxSide });
  const batches = broadcastableShapes({ maxRank: maxBatchRank, maxSide: 2 });
  return fc.tuple(side, side, side, batches).chain(([m, k, n, [ba, bb]]) => {
    const shapes: Record<Kind, [number[], number[]]> = {
      '1d·1d': [[k], [k]],
      '1d·2d': [[k], [k, n]],
      '2d·1d': [[m, k], [k]],
      '2d·2d': [[m, k], [k, n]],
      batched: [[...ba!, m, k], [...bb!, k, n]],
      'batched·1d': [[...ba!, m, k], [k]],
      '1d·batched': [[k], [...bb!, k, n]],
    };
    const [sa, sb] = shapes[kind];
    return fc.tuple(tensors({ shape: sa, layout: 'any' }), tensors({ shape: sb, layout: 'any' }));
  });
}

/** a @ b by the definition: promote 1-D operands, broadcast the batch dims, sum over k. */
function matmulRef(a: Tensor, b: Tensor): { shape: number[]; values: number[] } {
  const aMat = a.ndim === 1 ? [1, a.shape[0]!] : a.shape.slice(-2);
  const bMat = b.ndim === 1 ? [b.shape[0]!, 1] : b.shape.slice(-2);
  const aBatch = a.ndim > 2 ? a.shape.slice(0, -2) : [];
  const bBatch = b.ndim > 2 ? b.shape.slice(0, -2) : [];
  const batch = broadcastShape(aBatch, bBatch);
  const [m, k] = aMat as [number, number];
  const n = bMat[1]!;
  const pick = (t: Tensor, tBatch: number[], bi: number[], row: number, col: number): number => {
    if (t.ndim === 1) return at(t, [t === a ? col : row]);
    const lead = bi.length - tBatch.length;
    return at(t, [...tBatch.map((s, d) => (s === 1 ? 0 : bi[d + lead]!)), row, col]);
  };
  const values: number[] = [];
  const count = batch.reduce((p, q) => p * q, 1);
  for (let o = 0; o < count; o++) {
    const bi = unflatten(batch, o);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += pick(a, aBatch, bi, i, p) * pick(b, bBatch, bi, p, j);
        values.push(s);
      }
    }
  }
  const shape = [...batch, ...(a.ndim === 1 ? [] : [m]), ...(b.ndim === 1 ? [] : [n])];
  return { shape, values };
}

describe('matmul', () => {
  for (const kind of KINDS) {
    it(`${kind}: values, gradcheck and gradgradcheck`, () => {
      fc.assert(
        fc.property(operands(kind, 3, 2), ([a, b]) => {
          const want = matmulRef(a, b);
          expectValues(matmul(a, b), want.shape, want.values, 1e-12, 1e-12);
        }),
        RUNS,
      );
      checkGradcheck({ inputs: operands(kind, 3, 2), f: matmul, ...RUNS });
      checkGradgradcheck({ inputs: operands(kind, 2, 1), f: (a, b) => a.matmul(b), ...RUNS2 });
    });
  }

  it('folds the batch dims of a batched operand times a matrix into rows, as PyTorch: one product each way', () => {
    const x = randn([4, 3, 5], { requiresGrad: true });
    const w = randn([5, 2], { requiresGrad: true });
    const { result: y, calls } = traceKernels(() => matmul(x, w));
    expect(y.shape).toEqual([4, 3, 2]);
    expect(calls.map((c) => `${c.kernel}:${c.shape.join('x')}`)).toEqual(['matmul:1x12x5']);
    // the matrix's gradient is one [5, 12]·[12, 2] product, not four products summed over the batch
    const backward = traceKernels(() => y.sum().backward()).calls.filter((c) => c.kernel === 'matmul' || c.kernel === 'reduce');
    expect(backward.filter((c) => c.kernel === 'matmul').map((c) => c.shape.join('x')).sort()).toEqual(['1x12x2', '1x5x12']);
    expect(backward.filter((c) => c.kernel === 'reduce').map((c) => c.shape.join('x'))).not.toContain('4x5x2');
  });

  it('rejects mismatched inner dims and 0-d operands, naming the shapes', () => {
    const [a] = fc.sample(tensors({ shape: [2, 3] }), { numRuns: 1, seed: 7 }) as [Tensor];
    const [b] = fc.sample(tensors({ shape: [4, 2] }), { numRuns: 1, seed: 7 }) as [Tensor];
    expect(() => matmul(a, b)).toThrow(ShapeError);
    expect(() => matmul(a, b)).toThrow('matmul: [2,3] @ [4,2]: inner dimensions 3 and 4 differ');
    const [s] = fc.sample(tensors({ shape: [] }), { numRuns: 1, seed: 7 }) as [Tensor];
    expect(() => matmul(s, a)).toThrow(/need at least 1 dim/);
  });
});
