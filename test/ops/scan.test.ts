/**
 * cumsum: hand-computed values and gradients, a loop over each slice as the value reference, and
 * float64 gradcheck / gradgradcheck over random shapes (size-0 and size-1 dims, 0-d) and
 * non-contiguous views.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexError, tensor, type Tensor } from '../../src/index.js';
import { cumsum } from '../../src/ops/scan.js';
import { checkGradcheck, checkGradgradcheck, shapes } from '../../src/testing/index.js';
import { RUNS, RUNS2, at, expectValues, unflatten, withDim } from './support.js';

/** Shapes with size-0 and size-1 dims and 0-d, at most 24 elements (gradcheck's cost grows with numel²). */
const withEmpty = shapes({ maxRank: 3, minSide: 0, maxSide: 4, maxNumel: 24 });

/** The running sums of x along dim by a plain loop over each slice, in row-major order of x. */
function cumsumRef(x: Tensor, dim: number): number[] {
  if (x.ndim === 0) return [at(x, [])];
  const d = dim < 0 ? dim + x.ndim : dim;
  return Array.from({ length: x.numel() }, (_, flat) => {
    const index = unflatten(x.shape, flat);
    let total = 0;
    for (let j = 0; j <= index[d]!; j++) total += at(x, index.map((v, k) => (k === d ? j : v)));
    return total;
  });
}

describe('cumsum', () => {
  it('hand-computed values along each dim', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(cumsum(x, 1).toArray()).toEqual([[1, 3, 6], [4, 9, 15]]);
    expect(cumsum(x, -1).toArray()).toEqual([[1, 3, 6], [4, 9, 15]]);
    expect(cumsum(x, 0).toArray()).toEqual([[1, 2, 3], [5, 7, 9]]);
    // a column of a transposed view: x.T is [[1, 4], [2, 5], [3, 6]]
    expect(cumsum(x.transpose(0, 1), 0).toArray()).toEqual([[1, 4], [3, 9], [6, 15]]);
    expect(cumsum(tensor(5), 0).toArray()).toEqual(5);
    expect(cumsum(tensor(5), -1).toArray()).toEqual(5);
    expect(cumsum(tensor([[]]), 1).shape).toEqual([1, 0]);
  });

  it('float32 sums accumulate in float64, rounding each prefix once (as PyTorch on CPU)', () => {
    // 1e8 + 1 is not a float32 (it rounds to 1e8), but the running sum is kept exactly:
    // prefixes 1e8, 1e8 + 1 → 1e8 in float32, 1e8 + 1 − 1e8 = 1.
    const y = cumsum(tensor([1e8, 1, -1e8], { dtype: 'float32' }), 0);
    expect(y.dtype).toBe('float32');
    expect(Array.from(y.toTypedArray())).toEqual([1e8, 1e8, 1]);
  });

  it('the gradient is the running sum from the end (hand-computed)', () => {
    // loss = Σ_k w_k·y_k with y_k = Σ_{j ≤ k} x_j, so ∂loss/∂x_j = Σ_{k ≥ j} w_k
    const x = tensor([1, 2, 3]).requiresGrad_(true);
    cumsum(x, 0).mul(tensor([1, 10, 100])).sum().backward();
    expect(x.grad!.toArray()).toEqual([111, 110, 100]);
    // along dim 0 of a [2, 2]: column by column
    const m = tensor([[1, 2], [3, 4]]).requiresGrad_(true);
    cumsum(m, 0).mul(tensor([[1, 2], [10, 20]])).sum().backward();
    expect(m.grad!.toArray()).toEqual([[11, 22], [10, 20]]);
  });

  it('matches a loop over each slice (any layout, size-0 and size-1 dims)', () => {
    fc.assert(
      fc.property(withDim(withEmpty), ([x, dim]) => {
        expectValues(cumsum(x, dim), x.shape, cumsumRef(x, dim), 1e-12, 1e-12);
      }),
      RUNS,
    );
  });

  it('passes gradcheck', () => {
    checkGradcheck({ inputs: withDim(withEmpty), f: (x: Tensor, dim: number) => cumsum(x, dim), ...RUNS });
  });

  it('passes gradgradcheck', () => {
    checkGradgradcheck({ inputs: withDim(shapes({ maxRank: 2, minSide: 0, maxSide: 3 })), f: (x: Tensor, dim: number) => cumsum(x, dim), ...RUNS2 });
  });

  it('refuses dims out of range (integer tensors too), naming cumsum', () => {
    // int32 and bool inputs give int32 running sums: test/ops/int-sums.test.ts
    expect(() => cumsum(tensor([1, 2], { dtype: 'int32' }), 1)).toThrow(IndexError);
    expect(() => cumsum(tensor([[1, 2]]), 2)).toThrow(IndexError);
    expect(() => cumsum(tensor([[1, 2]]), 2)).toThrow(/cumsum: dim=2 is out of range for a tensor of rank 2/);
  });
});

describe('cumsum as public API', () => {
  it('is exported from chainrule and is a Tensor method', async () => {
    const cr = await import('../../src/index.js');
    // [[1, 2, 3], [4, 5, 6]] summed along dim 1 by hand: [[1, 3, 6], [4, 9, 15]]
    expect(cr.cumsum(cr.tensor([[1, 2, 3], [4, 5, 6]]), 1).toArray()).toEqual([[1, 3, 6], [4, 9, 15]]);
    expect(cr.tensor([1, 2, 3]).cumsum(0).toArray()).toEqual([1, 3, 6]);
  });
});
