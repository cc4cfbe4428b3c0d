/**
 * Sorting, selection and the scans of issue 10 (sort, argsort, topk, kthvalue, median, cumprod,
 * logcumsumexp, cummax, cummin, prod): hand-computed values and gradients, float64 gradcheck /
 * gradgradcheck over random shapes (size-0 and size-1 dims, 0-d, non-contiguous views), named
 * tuples, and the errors.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexError, DTypeError, cummax, cummin, cumprod, kthvalue, logcumsumexp, max, median, prod, sort, tensor, topk, type Tensor } from '../../src/index.js';
import { checkGradcheck, checkGradgradcheck, shapes, tensors } from '../../src/testing/index.js';
import { RUNS, RUNS2, withDim } from './support.js';

const withEmpty = shapes({ maxRank: 3, minSide: 0, maxSide: 4, maxNumel: 24 });
const nonEmpty = shapes({ maxRank: 3, minSide: 1, maxSide: 4, maxNumel: 24 });
const DISTINCT = { distinct: 0.05 };

describe('sort, argsort, topk', () => {
  it('hand-computed values, indices, stability and NaN last', () => {
    const [values, indices] = sort(tensor([3, 1, 2]));
    expect(values.toArray()).toEqual([1, 2, 3]);
    expect(indices.toArray()).toEqual([1, 2, 0]);
    // stable: equal values keep their order in both directions; NaN is the largest
    const x = tensor([2, NaN, 1, 2, 1]);
    expect(x.sort().indices.toArray()).toEqual([2, 4, 0, 3, 1]);
    expect(x.sort(0, { descending: true }).indices.toArray()).toEqual([1, 0, 3, 2, 4]);
    expect(x.argsort().toArray()).toEqual([2, 4, 0, 3, 1]);
    const m = tensor([[1, 5, 3, 4], [9, 7, 8, 6]]);
    expect(m.topk(2).values.toArray()).toEqual([[5, 4], [9, 8]]);
    expect(m.topk(2).indices.toArray()).toEqual([[1, 3], [0, 2]]);
    expect(topk(m, 1, 0, { largest: false }).values.toArray()).toEqual([[1, 5, 3, 4]]);
  });

  it('gradient goes through the values to where they came from (hand-computed)', () => {
    const x = tensor([3, 1, 2]).requiresGrad_(true);
    sort(x).values.mul(tensor([1, 10, 100])).sum().backward();
    expect(x.grad!.toArray()).toEqual([100, 1, 10]);
    const y = tensor([3, 1, 2]).requiresGrad_(true);
    y.topk(2).values.mul(tensor([1, 10])).sum().backward();
    expect(y.grad!.toArray()).toEqual([1, 0, 10]);
  });

  it('pass gradcheck (distinct values, any layout, size-0/1 dims)', () => {
    checkGradcheck({ inputs: withDim(withEmpty, DISTINCT), f: (x: Tensor, d: number) => sort(x, d, { descending: true }).values, ...RUNS });
    const topkArgs = withDim(nonEmpty, DISTINCT).chain(([x, d]) => fc.tuple(fc.constant(x), fc.constant(d), fc.integer({ min: 0, max: x.ndim === 0 ? 1 : x.shape[d < 0 ? d + x.ndim : d]! })));
    checkGradcheck({ inputs: topkArgs, f: (x: Tensor, d: number, k: number) => topk(x, k, d).values, wrt: [0], ...RUNS });
  });

  it('refuses k out of range, naming topk', () => {
    expect(() => topk(tensor([1, 2]), 3)).toThrow(IndexError);
    expect(() => topk(tensor([1, 2]), 3)).toThrow(/topk: k=3 is out of range for dim 0 of size 2/);
  });
});

describe('kthvalue and median', () => {
  it('hand-computed values and positions', () => {
    const [v, i] = kthvalue(tensor([3, 1, 2]), 2);
    expect([v.item(), i.item()]).toEqual([2, 2]);
    expect(median(tensor([3, 1, 4, 2])).item()).toBe(2); // even count: the lower middle
    const r = tensor([[3, 1, 2], [NaN, 0, 5]]).median(1);
    expect(r.values.toArray()).toEqual([2, NaN]); // a slice with NaN has median NaN
    expect(r.indices.toArray()).toEqual([2, 0]);
    expect(tensor([[3, 1, 2]]).median(1, true).values.shape).toEqual([1, 1]);
  });

  it('pass gradcheck', () => {
    const args = withDim(nonEmpty, DISTINCT).chain(([x, d]) => fc.tuple(fc.constant(x), fc.constant(d), fc.integer({ min: 1, max: x.ndim === 0 ? 1 : x.shape[d < 0 ? d + x.ndim : d]! }), fc.boolean()));
    checkGradcheck({ inputs: args, f: (x: Tensor, d: number, k: number, keep: boolean) => kthvalue(x, k, d, keep).values, wrt: [0], ...RUNS });
    checkGradcheck({ inputs: withDim(nonEmpty, DISTINCT), f: (x: Tensor, d: number) => median(x, d).values, ...RUNS });
    checkGradcheck({ input: tensors({ shape: nonEmpty, layout: 'any', ...DISTINCT }), f: (x: Tensor) => median(x), ...RUNS });
  });

  it('refuse k out of range and empty tensors', () => {
    expect(() => kthvalue(tensor([1, 2]), 0)).toThrow(/kthvalue: k=0 is out of range for dim 0 of size 2 \(shape \[2\]\); k counts from 1/);
    expect(() => median(tensor([]))).toThrow(/median: needs a non-empty tensor, got shape \[0\]/);
  });
});

describe('cumprod, logcumsumexp, cummax, cummin, prod', () => {
  it('hand-computed values', () => {
    expect(cumprod(tensor([1, 2, 3, 4]), 0).toArray()).toEqual([1, 2, 6, 24]);
    expect(logcumsumexp(tensor([0, 0], { dtype: 'float64' }), 0).toArray()).toEqual([0, Math.log(2)]);
    // far apart values keep their precision (a global shift would underflow e^−1000 to 0)
    expect(logcumsumexp(tensor([-1000, -1000], { dtype: 'float64' }), 0).toArray()).toEqual([-1000, -1000 + Math.log(2)]);
    const [v, i] = cummax(tensor([1, 3, 3, 2, 5]), 0);
    expect(v.toArray()).toEqual([1, 3, 3, 3, 5]);
    expect(i.toArray()).toEqual([0, 1, 2, 2, 4]); // a later equal value takes over, as PyTorch
    expect(cummin(tensor([3, NaN, 1]), 0).values.toArray()).toEqual([3, NaN, NaN]);
    expect(prod(tensor([[1, 2], [3, 4]])).item()).toBe(24);
    expect(prod(tensor([[1, 2], [3, 4]]), 1).toArray()).toEqual([2, 12]);
    expect(prod(tensor([[], []]), 1).toArray()).toEqual([1, 1]);
  });

  it('cumprod and prod gradients with zeros (hand-computed)', () => {
    // y = [a, ab, abc] at (a, b, c) = (2, 0, 3), weights 1: dy/da = 1 + b + bc = 1, dy/db = a + ac = 8, dy/dc = ab = 0
    const x = tensor([2, 0, 3]).requiresGrad_(true);
    cumprod(x, 0).sum().backward();
    expect(x.grad!.toArray()).toEqual([1, 8, 0]);
    // prod of (2, 0, 3, 0): every partial product still has a zero
    const z = tensor([2, 0, 3, 0]).requiresGrad_(true);
    prod(z).backward();
    expect(z.grad!.toArray()).toEqual([0, 0, 0, 0]);
    const w = tensor([2, 0, 3]).requiresGrad_(true);
    prod(w).backward();
    expect(w.grad!.toArray()).toEqual([0, 6, 0]);
  });

  it('pass gradcheck and gradgradcheck', () => {
    const withZeros = withDim(withEmpty).map(([x, d]) => [x.detach().mul(x.gt(0.5).to(x.dtype)), d] as [Tensor, number]);
    for (const f of [(x: Tensor, d: number) => cumprod(x, d), (x: Tensor, d: number) => logcumsumexp(x, d), (x: Tensor, d: number) => prod(x, d)]) {
      checkGradcheck({ inputs: withDim(withEmpty), f, ...RUNS });
    }
    checkGradcheck({ inputs: withZeros, f: (x: Tensor, d: number) => cumprod(x, d), ...RUNS });
    checkGradcheck({ inputs: withDim(withEmpty, DISTINCT), f: (x: Tensor, d: number) => cummax(x, d).values, ...RUNS });
    checkGradcheck({ inputs: withDim(withEmpty, DISTINCT), f: (x: Tensor, d: number) => cummin(x, d).values, ...RUNS });
    const tiny = withDim(shapes({ maxRank: 2, minSide: 0, maxSide: 3 }));
    checkGradgradcheck({ inputs: tiny, f: (x: Tensor, d: number) => cumprod(x, d), ...RUNS2 });
    checkGradgradcheck({ inputs: tiny, f: (x: Tensor, d: number) => logcumsumexp(x, d), ...RUNS2 });
  });

  it('refuse integer tensors, naming the op', () => {
    expect(() => cumprod(tensor([1, 2], { dtype: 'int32' }), 0)).toThrow(DTypeError);
    expect(() => cummax(tensor([1, 2], { dtype: 'int32' }), 0)).toThrow(/cummax: input must be float32 or float64, got int32/);
  });
});

describe('named tuples (PyTorch\'s (values, indices))', () => {
  it('destructure as an array and read by name', () => {
    const r = max(tensor([[1, 5], [7, 2]]), 1);
    const [values, indices] = r;
    expect(values).toBe(r.values);
    expect(indices).toBe(r.indices);
    expect(values.toArray()).toEqual([5, 7]);
    expect(indices.toArray()).toEqual([1, 0]);
    expect(r.length).toBe(2);
    const [lo, hi] = tensor([3, 1, 2]).aminmax();
    expect([lo.item(), hi.item()]).toEqual([1, 3]);
    expect(tensor([3, 1, 2]).aminmax().max.item()).toBe(3);
  });
});
